import { LabIcon } from '@jupyterlab/ui-components';

/** A whale carrying a stack of containers; `jp-icon3` follows the theme. */
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="3" y="8" width="3" height="2.6" rx="0.3"/>
    <rect x="6.7" y="8" width="3" height="2.6" rx="0.3"/>
    <rect x="10.4" y="8" width="3" height="2.6" rx="0.3"/>
    <rect x="6.7" y="4.7" width="3" height="2.6" rx="0.3"/>
    <rect x="10.4" y="4.7" width="3" height="2.6" rx="0.3"/>
    <rect x="10.4" y="1.4" width="3" height="2.6" rx="0.3"/>
    <rect x="14.1" y="8" width="3" height="2.6" rx="0.3"/>
    <path d="M1.2 11.6h19c.5-1.3 1.6-2 2.8-1.7-.2.9-.9 1.6-1.7 1.8C19.8 17.8 15 21 9.3 21 4.4 21 1.6 17.4 1.2 11.6z"/>
  </g>
</svg>`;

export const dockerIcon = new LabIcon({
  name: 'jupyter-docker-magics:docker',
  svgstr
});
