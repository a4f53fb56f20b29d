// The progress page's HTML: a strict content-security policy (no remote anything, scripts only
// with this load's nonce, styles only from the extension), landmarks and a live region. Pure, so
// the Chromium test loads exactly what VS Code loads.

export interface PageSources {
  /** The webview's own origin (webview.cspSource). */
  cspSource: string;
  nonce: string;
  script: string;
  style: string;
  /** Test only: a script run first (with the nonce), e.g. a stand-in for acquireVsCodeApi. */
  prelude?: string;
}

export function progressHtml(s: PageSources): string {
  const csp = `default-src 'none'; style-src ${s.cspSource}; script-src 'nonce-${s.nonce}'; img-src ${s.cspSource} data:; font-src ${s.cspSource}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${s.style}">
<title>NixOS</title>
</head>
<body>
<main aria-labelledby="title">
<header>
<h1 id="title">NixOS</h1>
<span id="state" class="state" role="status"></span>
<span id="elapsed" class="facts" aria-label="Elapsed time"></span>
<button id="cancel" hidden>Cancel</button>
<button id="output" class="secondary">Show Output</button>
</header>
<div id="live" class="visually-hidden" aria-live="polite" aria-atomic="true"></div>
<p id="askpass" class="askpass" hidden role="alert">Waiting for your password in the box at the top of the window. It goes to sudo only; it is not shown, stored or logged.</p>
<section aria-labelledby="phases-title">
<h2 id="phases-title">Progress</h2>
<ol id="phases" class="phases"></ol>
<div id="downloads" hidden></div>
</section>
<section id="builds-section" aria-labelledby="builds-title" hidden>
<h2 id="builds-title">Building now</h2>
<ul id="builds"></ul>
</section>
<section id="errors-section" aria-labelledby="errors-title" hidden>
<h2 id="errors-title">Problems</h2>
<ul id="errors"></ul>
</section>
<section id="summary" aria-live="polite" hidden></section>
<section aria-labelledby="log-title">
<h2 id="log-title">Log</h2>
<label for="search">Search the log</label> <input id="search" type="search" placeholder="Filter lines"> <span id="log-count"></span>
<pre id="log" tabindex="0" aria-label="Log"></pre>
</section>
</main>
${s.prelude !== undefined ? `<script nonce="${s.nonce}">${s.prelude}</script>\n` : ''}<script nonce="${s.nonce}" src="${s.script}"></script>
</body>
</html>`;
}
