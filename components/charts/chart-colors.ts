/** The state colours of app/globals.css, for SVG charts that cannot read CSS variables in every browser. */
export const STATE_COLORS = { documented: '#3fb950', shadow: '#d29922', zombie: '#f85149' } as const;
export const AXIS = { stroke: '#8b98a5', fontSize: 11 } as const;
export const TOOLTIP_STYLE = { background: '#171e26', border: '1px solid #2b3642', color: '#e6edf3' } as const;
