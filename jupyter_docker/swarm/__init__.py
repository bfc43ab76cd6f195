"""Swarm pieces that are not commands: the service spec built from CLI flags."""
