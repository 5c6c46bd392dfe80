/**
 * The live dashboard at `/`: one plain HTML page, no build step. It subscribes to `/events`
 * (server-sent events: the jobs every second and on every change) and shows each job's
 * status, rows, rates, watermark lag, state, last error and SQL, with buttons that pause,
 * resume and stop it (sending the token typed into the page, kept for the browser session).
 */
export function dashboardPage(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>FerrisStreams jobs</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d2733; background: #f6f7f9; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  header { display: flex; justify-content: space-between; align-items: baseline; margin-bottom: 1rem; }
  #connection { font-size: .85rem; color: #667; }
  #connection.live::before { content: "● "; color: #1a7f37; }
  #connection.down::before { content: "● "; color: #c62828; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0002; }
  th, td { padding: .45rem .6rem; border-bottom: 1px solid #e3e6ea; text-align: left; vertical-align: top; }
  th { background: #eef1f4; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .status { padding: .1rem .45rem; border-radius: .6rem; font-size: .8rem; color: #fff; }
  .running { background: #1a7f37; } .paused { background: #b26a00; } .stopped { background: #57606a; }
  .failed { background: #c62828; } .finished { background: #0969da; }
  pre { margin: .3rem 0 0; white-space: pre-wrap; font-size: .8rem; background: #f3f4f6; padding: .4rem; }
  button { margin-right: .25rem; }
  .error { color: #c62828; font-size: .85rem; }
  #empty { padding: 1rem; color: #667; }
</style>
</head>
<body>
<header>
  <div><h1>FerrisStreams jobs</h1><span id="connection" class="down">connecting</span></div>
  <label>Token <input id="token" type="password" size="24" autocomplete="off"></label>
</header>
<table>
  <thead><tr><th>Job</th><th>Status</th><th>Rows in</th><th>Rows out</th><th>In/s</th><th>Out/s</th><th>Lag</th><th>State rows</th><th>Actions</th></tr></thead>
  <tbody id="jobs"></tbody>
</table>
<div id="empty">No job deployed yet: POST statements to /sql.</div>
<p id="message" class="error"></p>
<footer><small>ferris ${version} · <a href="/report">report</a> · <a href="/metrics">metrics</a> · <a href="/openapi.json">API</a></small></footer>
<script>
  const token = document.getElementById('token');
  token.value = sessionStorage.getItem('ferris-token') || '';
  token.addEventListener('change', () => sessionStorage.setItem('ferris-token', token.value));
  const text = (tag, content, className) => {
    const element = document.createElement(tag);
    element.textContent = content;
    if (className) element.className = className;
    return element;
  };
  const UNITS = [[86400000, ' d'], [3600000, ' h'], [60000, ' min'], [1000, ' s']];
  const lag = (ms) => {
    if (ms === null) return '-';
    const unit = UNITS.find(([size]) => ms >= size);
    return unit ? (ms / unit[0]).toFixed(1) + unit[1] : ms + ' ms';
  };
  async function act(name, method, path) {
    const headers = token.value ? { authorization: 'Bearer ' + token.value } : {};
    const response = await fetch(path, { method, headers });
    const message = document.getElementById('message');
    message.textContent = response.ok ? '' : name + ': ' + ((await response.json()).message || response.status);
  }
  function render(jobs) {
    const body = document.getElementById('jobs');
    body.replaceChildren();
    document.getElementById('empty').hidden = jobs.length > 0;
    for (const job of jobs) {
      const row = document.createElement('tr');
      row.dataset.job = job.name;
      const name = text('td', job.name);
      const sql = text('pre', job.sql);
      name.append(sql);
      if (job.last_error) name.append(text('div', job.last_error, 'error'));
      const status = document.createElement('td');
      status.append(text('span', job.status, 'status ' + job.status));
      row.append(name, status);
      for (const value of [job.rows_in, job.rows_out, job.rate_in, job.rate_out]) row.append(text('td', value.toLocaleString('en'), 'num'));
      row.append(text('td', lag(job.lag_ms), 'num'), text('td', job.state.rows.toLocaleString('en'), 'num'));
      const actions = document.createElement('td');
      const path = '/jobs/' + encodeURIComponent(job.name);
      const button = (label, method, to, enabled) => {
        const b = text('button', label);
        b.dataset.action = label.toLowerCase();
        b.disabled = !enabled;
        b.addEventListener('click', () => act(job.name, method, to));
        actions.append(b);
      };
      button('Pause', 'POST', path + '/pause', job.status === 'running');
      button('Resume', 'POST', path + '/resume', job.status === 'paused');
      button('Stop', 'DELETE', path, job.status === 'running' || job.status === 'paused');
      row.append(actions);
      body.append(row);
    }
  }
  const connection = document.getElementById('connection');
  const events = new EventSource('/events');
  events.addEventListener('jobs', (event) => render(JSON.parse(event.data)));
  events.onopen = () => { connection.textContent = 'live'; connection.className = 'live'; };
  events.onerror = () => { connection.textContent = 'reconnecting'; connection.className = 'down'; };
</script>
</body>
</html>
`;
}
