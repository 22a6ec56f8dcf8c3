// Saving files from the page. Both Electron and a browser on `wgdesk serve`
// honour an <a download> click on a blob: URL, so no save-dialog method is
// needed in the contract.

function save(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled; revoking at once can cancel it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(filename: string, text: string, mime = 'text/plain'): void {
  save(filename, new Blob([text], { type: `${mime};charset=utf-8` }));
}

export function downloadBase64(filename: string, base64: string, mime: string): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  save(filename, new Blob([bytes], { type: mime }));
}
