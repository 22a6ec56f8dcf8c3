// Kept apart from cli/service.ts so that parsing arguments loads none of the service.
export const SERVICE_USAGE = `  wgdesk service [--data-dir DIR] [--socket PATH] [--config FILE] [--admins FILE]
                 [--netns NAME] [--poll-interval SECONDS]
      the engine as a root daemon (what the systemd unit runs); stays in the foreground
  wgdesk service install | uninstall | status
      install the systemd unit from this checkout (root), remove it, or say how it is doing
  wgdesk service url
      the browser UI's address with its token (browser = on in /etc/wgdesk/wgdesk.conf)
  wgdesk service scripts on|off
      let interface hooks (PreUp, PostUp, PreDown, PostDown) run as root, or not (root)
  wgdesk service admins add|remove USER
      who besides root may use the service (root); takes effect at once
`;
