"""Live widgets for the notebook: views that follow the engine without blocking the kernel."""
