/*
 * dashboard.js — the interactive page of bloc serve: reads the form, calls
 * the JSON API (/api/dyad, /api/group, /api/unga, /api/assess, /api/events, /api/arms,
 * /api/alliances), draws the
 * answers with ECharts and lists the evidence behind a clicked period.
 * Text goes in with textContent; links only for http(s) URLs. Test state:
 * body[data-charts] charts drawn, body[data-errors] script errors,
 * body[data-done] set after the first full load.
 */
(function () {
  'use strict';
  var body = document.body, charts = {};
  window.addEventListener('error', function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function status(text, error) { var s = $('status'); s.textContent = text; s.className = error ? 'error' : ''; }
  function params(names) {
    var q = [];
    names.forEach(function (n) {
      var v = n[1] !== undefined ? n[1] : ($(n[0]) ? $(n[0]).value.trim() : '');
      if (v) q.push(encodeURIComponent(n[0]) + '=' + encodeURIComponent(v));
    });
    return q.join('&');
  }
  /* An answer's rows; its notes (no data, thin periods) are collected for the status line. */
  var notes = [];
  function api(path) {
    return fetch(path).then(function (r) {
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(path + ': ' + (j.error || r.status));
        (j.notes || []).forEach(function (n) { if (notes.indexOf(n) < 0) notes.push(n); });
        return j.rows || [];
      });
    });
  }
  function chartIn(id, option, onclick) {
    var box = document.querySelector('#' + id + ' .content');
    if (!charts[id]) {
      var div = el('div', {'class': 'chart'});
      box.insertBefore(div, box.firstChild);
      charts[id] = echarts.init(div, null, {renderer: 'svg'});
      if (onclick) charts[id].on('click', onclick);
      body.dataset.charts = String(Number(body.dataset.charts) + 1);
    }
    option.animation = false;
    charts[id].setOption(option, true);
    charts[id].getDom().dataset.rendered = charts[id].getDom().querySelector('svg') ? '1' : '0';
  }
  function table(id, rows, cols) {
    var box = document.querySelector('#' + id + ' .content'), old = box.querySelector('table');
    if (old) old.remove();
    var t = el('table'), tr = el('tr');
    cols.forEach(function (c) { tr.appendChild(el('th', null, c[1])); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      cols.forEach(function (c) {
        var v = r[c[0]], td = el('td');
        if (c[0] === 'url' && typeof v === 'string' && /^https?:\/\//i.test(v))
          td.appendChild(el('a', {href: v, target: '_blank', rel: 'noopener noreferrer'}, v.length > 50 ? v.slice(0, 47) + '...' : v));
        else td.textContent = v === null || v === undefined ? 'NA' : String(v);
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    box.appendChild(t);
  }
  var dyadRows = [];
  function showEvidence(p) {
    var r = dyadRows[p.dataIndex];
    if (!r) return;
    status('Loading the events of ' + r.period + '...');
    api('/api/events?' + params([['dyad', $('a').value.trim() + ',' + $('b').value.trim()], ['since', r.from],
      ['until', r.to], ['domain'], ['limit', '50']]))
      .then(function (rows) {
        table('events', rows, [['date', 'date'], ['actor1_country', 'from'], ['actor2_country', 'to'], ['event_code', 'code'],
          ['description', 'event'], ['goldstein', 'Goldstein'], ['url', 'source'], ['file', 'input'], ['line', 'line']]);
        status(rows.length + ' events of ' + r.period + ' (at most 50).');
      }).catch(function (e) { status(e.message, true); });
  }
  function load() {
    status('Loading...');
    notes = [];
    var range = [['since'], ['until'], ['domain']];
    var dyad = api('/api/dyad?' + params([['a'], ['b'], ['by']].concat(range))).then(function (rows) {
      dyadRows = rows;
      chartIn('dyad', {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 50, right: 50, bottom: 30},
        xAxis: {type: 'category', data: rows.map(function (r) { return r.period; })},
        yAxis: [{type: 'value', name: 'events'}, {type: 'value', name: 'net coop.', min: -1, max: 1}],
        series: [{name: 'events', type: 'bar', data: rows.map(function (r) { return r.events; })},
                 {name: 'net cooperation', type: 'line', yAxisIndex: 1, data: rows.map(function (r) { return r.net_cooperation; })}]},
        showEvidence);
    });
    var group = api('/api/group?' + params([['group'], ['vs'], ['by']].concat(range))).then(function (rows) {
      var sets = [], by = {};
      rows.forEach(function (r) { if (!by[r.set]) { by[r.set] = []; sets.push(r.set); } by[r.set].push(r); });
      var x = (by[sets[0]] || []).map(function (r) { return r.period; });
      chartIn('group-s', {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 50, right: 20, bottom: 30},
        xAxis: {type: 'category', data: x}, yAxis: {type: 'value', name: 'net cooperation', min: -1, max: 1},
        series: sets.map(function (s) { return {name: s, type: 'line', data: by[s].map(function (r) { return r.net_cooperation; })}; })});
    });
    /* UN votes: the dyad's agreement and the group's and rival's cohesion by year; a thin
       year (too few roll calls) is left out of the line, not drawn as a full one */
    var unRange = [['since'], ['until']];
    var un = Promise.all([
      api('/api/unga?' + params([['sub', 'dyad'], ['a'], ['b']].concat(unRange))),
      api('/api/unga?' + params([['sub', 'versus'], ['a', $('group').value.trim()], ['b', $('vs').value.trim()]].concat(unRange)))
    ]).then(function (got) {
      var dy = got[0], vs = got[1], years = [], sets = [], by = {};
      dy.concat(vs).forEach(function (r) { if (years.indexOf(r.period) < 0) years.push(r.period); });
      years.sort();
      by[$('a').value.trim() + '-' + $('b').value.trim()] = dy;
      sets.push($('a').value.trim() + '-' + $('b').value.trim());
      vs.forEach(function (r) { if (!by[r.set]) { by[r.set] = []; sets.push(r.set); } by[r.set].push(r); });
      chartIn('un', {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 50, right: 20, bottom: 30},
        xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'agreement', min: 0, max: 1},
        series: sets.map(function (s) {
          var m = {};
          by[s].forEach(function (r) { m[r.period] = r.thin === 'yes' ? null : r.agree; });
          return {name: s, type: 'line', connectNulls: false, data: years.map(function (y) { return m[y] === undefined ? null : m[y]; })};
        })});
      var thin = dy.concat(vs).filter(function (r) { return r.thin === 'yes'; }).map(function (r) { return r.period; });
      $('un-note').textContent = 'Share of roll calls two states voted alike (bloc unga dyad; versus: mean over the dyads of each set, and between them).' +
        (thin.length ? ' Left out as too thin (fewer than 10 roll calls): ' + (function (t) {
          t = t.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort();
          return t.length > 6 ? t.length + ' years, ' + t.slice(0, 3).join(', ') + ' ... ' + t[t.length - 1] : t.join(', ');
        })(thin) + '.' : '');
    });
    var assess = api('/api/assess?' + params([['group'], ['vs'], ['split'], ['since'], ['until']])).then(function (rows) {
      var unjudged = rows.filter(function (r) { return r.direction === 'no data' || r.direction === 'insufficient data'; });
      $('assess-headline').textContent = unjudged.length ? 'Not enough data after ' + $('split').value.trim() + ' to judge ' +
        unjudged.length + ' of ' + rows.length + ' indicators.' : '';
      table('assess', rows,
        [['set', 'set'], ['indicator', 'indicator'], ['domain', 'domain'], ['direction', 'direction'], ['n_before', 'n before'], ['n_after', 'n after'], ['grade', 'grade'], ['statement', 'statement']]);
    });
    /* the military channel: a failing panel says why, the others still draw */
    var arms = fetch('/api/arms?' + params([['sub', 'flows'], ['who', $('group').value.trim()], ['by', 'year']]))
      .then(function (r) { return r.json(); }).then(function (j) {
        var rows = j.rows || [], years = [], inside = {}, outside = {};
        rows.forEach(function (r) {
          if (r.kind === 'inside') { years.push(r.period); inside[r.period] = r.tiv; }
          if (r.kind === 'outside') outside[r.period] = r.tiv;
        });
        $('arms-note').textContent = (j.error ? j.error + ' ' : '') + (j.notes || []).join(' ');
        if (years.length)
          chartIn('arms', {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 60, right: 20, bottom: 30},
            xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'TIV'},
            series: [{name: 'from members', type: 'bar', stack: 'tiv', data: years.map(function (y) { return inside[y]; })},
                     {name: 'from outside', type: 'bar', stack: 'tiv', data: years.map(function (y) { return outside[y]; })}]});
        table('arms', rows.filter(function (r) { return r.kind === 'flow' && r.tiv > 0; }),
          [['period', 'year'], ['supplier', 'from'], ['recipient', 'to'], ['tiv', 'TIV'], ['share', 'share of imports'],
           ['deliveries', 'deal-years'], ['release', 'release']]);
      });
    var alliances = fetch('/api/alliances?' + params([['group', $('group').value.trim()]]))
      .then(function (r) { return r.json(); }).then(function (j) {
        $('alliances-note').textContent = (j.error ? j.error + ' ' : '') + (j.notes || []).join(' ');
        table('alliances', j.rows || [], [['year', 'year'], ['a', 'a'], ['b', 'b'], ['scope', 'scope'], ['defense', 'defense'],
          ['offense', 'offense'], ['neutral', 'neutrality'], ['nonagg', 'non-aggression'], ['consul', 'consultation']]);
      });
    var alerts = api('/api/alerts').then(function (rows) {
      table('alerts', rows.slice(-50).reverse(), [['fired', 'fired'], ['rule', 'rule'], ['window_from', 'from'],
        ['window_to', 'to'], ['value', 'value'], ['baseline', 'baseline'], ['z', 'z'], ['events', 'events']]);
    });
    return Promise.all([dyad, group, un, assess, arms, alliances, alerts]).then(function () {
      status('Up to date.' + (notes.length ? ' ' + notes.join(' ') : ''));
    })
      .catch(function (e) { status(e.message, true); });
  }
  $('controls').addEventListener('submit', function (ev) { ev.preventDefault(); load(); });
  window.addEventListener('resize', function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
  load().then(function () { body.dataset.done = '1'; });
})();
