/** Where an exchange carried no host and no spec or `--host` supplied one. */
export const UNKNOWN_HOST = 'unknown-host';
