// The re-indenting the test formatters share: by brace depth (2 spaces), trailing spaces trimmed.
export function reindent(input) {
  let depth = 0;
  const out = [];
  for (const raw of input.split('\n')) {
    const line = raw.trim();
    if (/^[}\])]/.test(line)) depth = Math.max(0, depth - 1);
    out.push(line === '' ? '' : '  '.repeat(depth) + line);
    const opens = (line.match(/[{[(]/g) ?? []).length;
    const closes = (line.match(/[}\])]/g) ?? []).length - (/^[}\])]/.test(line) ? 1 : 0);
    depth = Math.max(0, depth + opens - closes);
  }
  return out.join('\n');
}
