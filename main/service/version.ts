/** wgdesk's own version, said in the service's welcome (package.json's; a unit test keeps them equal). */
export const WGDESK_VERSION = '0.1.0';
