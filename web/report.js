/*
 * report.js — renders a bloc report from the JSON that bloc embeds in the
 * page (script#bloc-data). Every section shows the bloc command whose output
 * it draws, so each figure can be reproduced. Text is inserted with
 * textContent (never as HTML); links are kept only for http(s) URLs.
 * Rendering state for tests: body[data-charts] counts charts drawn,
 * body[data-errors] counts script errors.
 */
(function () {
  'use strict';
  var body = document.body;
  window.addEventListener('error', function () {
    body.dataset.errors = String(Number(body.dataset.errors || 0) + 1);
  });
  var data = JSON.parse(document.getElementById('bloc-data').textContent);
  var charts = [];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function section(id) { return document.querySelector('#' + id + ' .content'); }
  /* the command behind a figure, and what it said about its answer (no data, thin periods) */
  function cmd(parent, key) {
    var c = data.commands && data.commands[key];
    if (c) parent.appendChild(el('div', {'class': 'cmd', title: 'the bloc command behind this figure'}, c));
    ((data.notes && data.notes[key]) || []).forEach(function (n) {
      parent.appendChild(el('p', {'class': 'note data-note'}, n));
    });
  }
  function note(parent, text) { parent.appendChild(el('p', {'class': 'note'}, text)); }
  function num(v, d) { return v === null || v === undefined || isNaN(v) ? 'NA' : Number(v).toFixed(d); }
  function link(url) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      var a = el('a', {href: url, rel: 'noopener noreferrer', target: '_blank'}, url.length > 60 ? url.slice(0, 57) + '...' : url);
      return a;
    }
    return document.createTextNode(url || '');
  }
  function table(parent, rows, cols, numeric) {
    var t = el('table'), tr = el('tr');
    cols.forEach(function (c) { tr.appendChild(el('th', null, c[1])); });
    t.appendChild(tr);
    rows.forEach(function (r) {
      var row = el('tr');
      cols.forEach(function (c) {
        var v = r[c[0]], td = el('td', numeric && numeric.indexOf(c[0]) >= 0 ? {'class': 'num'} : null);
        if (c[0] === 'url' || c[0] === 'source') td.appendChild(link(v));
        else td.textContent = v === null || v === undefined ? 'NA' : String(v);
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    parent.appendChild(t);
  }
  function chart(parent, option, cls) {
    var div = el('div', {'class': 'chart' + (cls ? ' ' + cls : '')});
    parent.appendChild(div);
    var c = echarts.init(div, null, {renderer: 'svg'});
    option.animation = false;
    c.setOption(option);
    charts.push(c);
    if (div.querySelector('svg')) {
      div.dataset.rendered = '1';
      body.dataset.charts = String(Number(body.dataset.charts) + 1);
    }
    return c;
  }
  var splitDate = data.params.split;

  /* 1. headline: the assessment's clear moves first, then what the data cannot judge, then the rest */
  (function () {
    var s = section('headline'), rows = data.assess || [];
    cmd(s, 'assess');
    var moved = rows.filter(function (r) { return r.direction === 'up' || r.direction === 'down'; });
    var unjudged = rows.filter(function (r) { return r.direction === 'no data' || r.direction === 'insufficient data'; });
    moved.sort(function (a, b) { return (a.grade > b.grade) - (a.grade < b.grade); });
    if (unjudged.length)
      s.appendChild(el('p', {'class': 'warning', id: 'not-enough'}, 'Not enough data after ' + splitDate + ' to judge ' +
        unjudged.length + ' of ' + rows.length + ' indicators.'));
    s.appendChild(el('h3', null, moved.length ? 'What moved after ' + splitDate :
      unjudged.length === rows.length ? 'Nothing can be judged after ' + splitDate :
      'No clear move after ' + splitDate + ' among the ' + (rows.length - unjudged.length) + ' indicators with enough data'));
    var ul = el('ul', {'class': 'findings'});
    moved.slice(0, 12).forEach(function (r) {
      var li = el('li');
      li.appendChild(el('span', {'class': 'dir-' + r.direction}, r.direction === 'up' ? '\u25b2 ' : '\u25bc '));
      li.appendChild(document.createTextNode(r.statement));
      ul.appendChild(li);
    });
    s.appendChild(ul);
    if (unjudged.length) {
      var u = el('details', {'class': 'unjudged'});
      u.appendChild(el('summary', null, unjudged.length + ' indicators without enough data'));
      var ul2 = el('ul');
      unjudged.forEach(function (r) { ul2.appendChild(el('li', null, r.statement)); });
      u.appendChild(ul2);
      s.appendChild(u);
    }
    var d = el('details');
    d.appendChild(el('summary', null, 'All ' + rows.length + ' indicators'));
    table(d, rows, [['set', 'set'], ['indicator', 'indicator'], ['domain', 'domain'], ['before', 'before'],
      ['after', 'after'], ['change', 'change'], ['change_low', 'low'], ['change_high', 'high'],
      ['direction', 'direction'], ['n_before', 'n before'], ['n_after', 'n after'], ['unit', 'unit'], ['grade', 'grade'],
      ['reason', 'reason']], ['before', 'after', 'change', 'change_low', 'change_high', 'n_before', 'n_after']);
    s.appendChild(d);
  })();

  /* 2. UN-vote cohesion by year */
  (function () {
    var s = section('un'), rows = data.un || [];
    cmd(s, 'un');
    if (!rows.length) { note(s, 'No UN votes in the store for this range.'); return; }
    var sets = [], byset = {}, thin = [];
    rows.forEach(function (r) {
      if (!byset[r.set]) { byset[r.set] = []; sets.push(r.set); }
      /* a thin period (too few roll calls, thin = yes) is left out, not plotted as a full year */
      byset[r.set].push([String(r.period), r.thin === 'yes' ? null : r.agree]);
      if (r.thin === 'yes' && thin.indexOf(String(r.period)) < 0) thin.push(String(r.period));
    });
    var years = rows.map(function (r) { return String(r.period); }).filter(function (v, i, a) { return a.indexOf(v) === i; });
    var series = sets.map(function (name) { return {name: name, type: 'line', data: byset[name], connectNulls: false, symbolSize: 4}; });
    var sy = splitDate.slice(0, 4);
    if (years.indexOf(sy) >= 0)
      series[0].markLine = {symbol: 'none', data: [{xAxis: sy, label: {formatter: 'split ' + splitDate}}]};
    chart(s, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 50, right: 20, bottom: 30},
      xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'agreement', min: 0, max: 1},
      series: series});
    note(s, 'Share of roll calls where two states voted alike, averaged over the dyads of each set (bloc unga). The bundled UN data end in January 2020.');
    if (thin.length)
      note(s, 'Left out as too thin (fewer roll calls than --min-votes): ' + thin.join(', ') + '.');
  })();

  /* 3. heatmaps */
  function heatmap(parent, title, codes, cells, key, min, max) {
    parent.appendChild(el('h3', null, title));
    if (!cells.length) { note(parent, 'No data.'); return; }
    var idx = {}, points = [];
    codes.forEach(function (c, i) { idx[c] = i; });
    cells.forEach(function (c) {
      var v = c[key];
      if (v === null || v === undefined || idx[c.a] === undefined || idx[c.b] === undefined) return;
      points.push([idx[c.a], idx[c.b], v], [idx[c.b], idx[c.a], v]);
    });
    chart(parent, {tooltip: {formatter: function (p) { return codes[p.value[0]] + '\u2013' + codes[p.value[1]] + ': ' + num(p.value[2], 3); }},
      grid: {top: 10, left: 50, right: 10, bottom: 70},
      xAxis: {type: 'category', data: codes, axisLabel: {rotate: 60}}, yAxis: {type: 'category', data: codes},
      visualMap: {min: min, max: max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0,
        inRange: {color: ['#cf222e', '#f6f8fa', '#1a7f37']}},
      series: [{type: 'heatmap', data: points}]}, 'small');
  }
  (function () {
    var s = section('heat'), h = data.heat || {}, codes = h.codes || [];
    var grid = el('div', {'class': 'grid2'});
    s.appendChild(grid);
    var left = el('div'), right = el('div');
    grid.appendChild(left);
    grid.appendChild(right);
    heatmap(left, 'Event net cooperation since ' + splitDate, codes, h.after || [], 'net_cooperation', -1, 1);
    var before = {}, change = [];
    (h.before || []).forEach(function (r) { before[r.a + '|' + r.b] = r.net_cooperation; });
    (h.after || []).forEach(function (r) {
      var b = before[r.a + '|' + r.b];
      if (r.net_cooperation !== null && b !== null && b !== undefined)
        change.push({a: r.a, b: r.b, change: r.net_cooperation - b});
    });
    heatmap(right, 'Change since the split (after \u2212 before)', codes, change, 'change', -1, 1);
    cmd(s, 'heat_after');
    cmd(s, 'heat_before');
    heatmap(s, 'UN vote agreement, latest year with votes', codes, h.un || [], 'agree', 0, 1);
    cmd(s, 'heat_un');
  })();

  /* 4. domains: events per month and net cooperation, change points marked */
  (function () {
    var s = section('domains'), doms = data.domains || {};
    var grid = el('div', {'class': 'grid2'});
    s.appendChild(grid);
    Object.keys(doms).forEach(function (name) {
      var d = doms[name], box = el('div');
      grid.appendChild(box);
      box.appendChild(el('h3', null, name));
      var rows = (d.series || []).filter(function (r) { return r.set === data.params.group; });
      var x = rows.map(function (r) { return r.period; });
      var marks = [{xAxis: splitDate.slice(0, 7), label: {formatter: 'split'}, lineStyle: {color: '#59636e'}}];
      (d.changes || []).forEach(function (c) {
        marks.push({xAxis: c.change, label: {formatter: 'change ' + c.change}, lineStyle: {color: '#cf222e', type: 'dashed'}});
      });
      chart(box, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 45, right: 45, bottom: 30},
        xAxis: {type: 'category', data: x},
        yAxis: [{type: 'value', name: 'events'}, {type: 'value', name: 'net coop.', min: -1, max: 1}],
        series: [{name: 'events', type: 'bar', data: rows.map(function (r) { return r.events; }),
                  markLine: {symbol: 'none', data: marks.filter(function (m) { return x.indexOf(m.xAxis) >= 0; })}},
                 {name: 'net cooperation', type: 'line', yAxisIndex: 1, symbolSize: 3,
                  data: rows.map(function (r) { return r.net_cooperation; })}]}, 'small');
      (d.changes || []).forEach(function (c) {
        note(box, 'Change at ' + c.change + ' (95% interval ' + c.interval_from + '..' + c.interval_to + '): ' +
          num(c.mean_before, 1) + ' \u2192 ' + num(c.mean_after, 1) + ' events a month.');
      });
      if (!(d.changes || []).length) note(box, 'No change point found.');
      cmd(box, 'domain_' + name);
    });
  })();

  /* 5. network */
  (function () {
    var s = section('network'), n = data.network || {}, nodes = n.nodes || [], edges = n.edges || [];
    cmd(s, 'network');
    if (!nodes.length) { note(s, 'No members.'); return; }
    var maxs = Math.max.apply(null, nodes.map(function (r) { return r.strength || 0; }).concat([1]));
    chart(s, {tooltip: {}, series: [{type: 'graph', layout: 'force', roam: true, label: {show: true},
      force: {repulsion: 220, edgeLength: 120},
      data: nodes.map(function (r) {
        return {name: r.member, value: r.centrality, symbolSize: 18 + 30 * (r.strength || 0) / maxs,
          itemStyle: {color: r.hub === 'yes' ? '#cf222e' : '#0969da'}};
      }),
      links: edges.filter(function (e) { return e.weight > 0; }).map(function (e) {
        return {source: e.a, target: e.b, value: e.weight, lineStyle: {width: 1 + 6 * e.weight / maxs}};
      })}]});
    var hub = nodes.filter(function (r) { return r.hub === 'yes'; })[0];
    note(s, hub ? 'Hub (red): ' + hub.member + ', eigenvector centrality 1; density ' + num(hub.density, 2) + '.' :
      'No member cooperates on balance with another: no hub.');
    table(s, nodes, [['member', 'member'], ['degree', 'degree'], ['strength', 'strength'], ['centrality', 'centrality'], ['hub', 'hub']],
      ['degree', 'strength', 'centrality']);
  })();

  /* 6. friction */
  (function () {
    var s = section('friction'), f = data.friction || {};
    cmd(s, 'friction');
    var rows = f.series || [];
    if (rows.length)
      chart(s, {tooltip: {trigger: 'axis'}, grid: {top: 20, left: 50, right: 20, bottom: 30},
        xAxis: {type: 'category', data: rows.map(function (r) { return r.period; })},
        yAxis: {type: 'value', name: 'conflict share', min: 0, max: 1},
        series: [{type: 'bar', data: rows.map(function (r) { return r.friction_share; })}]}, 'small');
    s.appendChild(el('h3', null, 'Latest conflictual events inside the group'));
    cmd(s, 'friction_list');
    table(s, f.events || [], [['date', 'date'], ['actor1', 'from'], ['actor2', 'to'], ['code', 'code'],
      ['description', 'event'], ['goldstein', 'Goldstein'], ['url', 'source']], ['goldstein']);
  })();

  /* 7. the military channel */
  (function () {
    var s = section('military'), m = data.military || {};
    note(s, 'Arms: SIPRI Arms Transfers Database, in TIV (trend-indicator values, millions): the military capability transferred, not prices; major conventional arms only. ' +
      'Figures come from one SIPRI release, named below, and only where its files hold every delivery they sum: elsewhere NA, never 0.');
    cmd(s, 'arms_flows');
    var rows = m.flows || [], years = [], inside = {}, outside = {};
    rows.forEach(function (r) {
      if (r.kind === 'inside') { years.push(r.period); inside[r.period] = r.tiv; }
      if (r.kind === 'outside') outside[r.period] = r.tiv;
    });
    if (years.length)
      chart(s, {tooltip: {trigger: 'axis'}, legend: {top: 0}, grid: {top: 30, left: 60, right: 20, bottom: 30},
        xAxis: {type: 'category', data: years}, yAxis: {type: 'value', name: 'TIV'},
        series: [{name: 'from members', type: 'bar', stack: 'tiv', data: years.map(function (y) { return inside[y]; })},
                 {name: 'from outside', type: 'bar', stack: 'tiv', data: years.map(function (y) { return outside[y]; })}]}, 'small');
    s.appendChild(el('h3', null, 'Flows between members by year (years with deliveries)'));
    table(s, rows.filter(function (r) { return r.kind === 'flow' && r.tiv > 0; }),
      [['period', 'year'], ['supplier', 'from'], ['recipient', 'to'], ['tiv', 'TIV'], ['share', 'share of imports'], ['deliveries', 'deal-years'], ['release', 'release']],
      ['tiv', 'share', 'deliveries']);
    s.appendChild(el('h3', null, 'Shares over the whole span'));
    cmd(s, 'arms_share');
    table(s, m.share || [], [['period', 'years'], ['kind', 'kind'], ['supplier', 'from'], ['recipient', 'to'], ['tiv', 'TIV'],
      ['share', 'share'], ['deliveries', 'deal-years'], ['release', 'release']], ['tiv', 'share', 'deliveries']);
    s.appendChild(el('h3', null, 'The deals behind them'));
    cmd(s, 'arms_deals');
    table(s, m.deals || [], [['year', 'year'], ['supplier', 'from'], ['recipient', 'to'], ['designation', 'designation'],
      ['description', 'description'], ['delivered', 'delivered'], ['tiv', 'TIV'], ['estimate', 'estimate'], ['source', 'source']],
      ['delivered', 'tiv']);
    s.appendChild(el('h3', null, 'Formal alliances (ATOP 5.1)'));
    cmd(s, 'alliances');
    table(s, m.alliances || [], [['year', 'year'], ['a', 'a'], ['b', 'b'], ['scope', 'scope'], ['defense', 'defense'],
      ['offense', 'offense'], ['neutral', 'neutrality'], ['nonagg', 'non-aggression'], ['consul', 'consultation']]);
  })();

  /* 8. evidence */
  (function () {
    var s = section('evidence');
    cmd(s, 'evidence');
    note(s, 'The events and roll calls behind each indicator of the assessment (a few per indicator and side; the command lists all with --limit 0).');
    table(s, data.evidence || [], [['set', 'set'], ['indicator', 'indicator'], ['side', 'side'], ['id', 'id'],
      ['date', 'date'], ['actor1', 'from'], ['actor2', 'to'], ['description', 'event'], ['source', 'source']]);
  })();

  /* 9. methods and provenance */
  (function () {
    var s = section('methods'), p = data.provenance || {};
    note(s, 'Measures and formulas: docs/methods.md in the bloc source (net cooperation, salience, cohesion, PELT change points, bootstrap intervals, grades). ' +
      'Report generated ' + data.generated + ' by bloc ' + data.version + ' from the store ' + (data.store || '') + '.');
    s.appendChild(el('h3', null, 'Inputs'));
    table(s, p.sources || [], [['kind', 'kind'], ['path', 'file'], ['digest', 'digest'], ['bytes', 'bytes'], ['first_ingested', 'ingested']], ['bytes']);
    s.appendChild(el('h3', null, 'What the store holds'));
    table(s, p.stats || [], [['what', 'what'], ['key', 'key'], ['value', 'value']], ['value']);
    note(s, 'Data: UN General Assembly votes (Voeten, Strezhnev & Bailey, CC0); GDELT (free with attribution to the GDELT Project); CAMEO codes and Goldstein weights; ' +
      'SIPRI Arms Transfers Database (\u00a9 SIPRI, non-commercial use with attribution); ATOP 5.1 (Leeds et al. 2002).');
  })();

  document.getElementById('title').textContent = data.title;
  document.getElementById('subtitle').textContent = 'Group ' + data.params.group + ' compared with ' + data.params.vs +
    ', events ' + (data.params.since || 'from the first') + ' to ' + (data.params.until || 'the last') + ', split ' + splitDate + '.';
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  body.dataset.done = '1';
})();
