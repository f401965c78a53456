// Penchant dashboard: calls the server's own API with the key typed in, and writes every value as text
// (never as markup), so a catalogue title or reason holding markup shows as the characters it is.
'use strict';

const keyStore = 'penchant.dashboard.key';
const $ = (id) => document.getElementById(id);

/** An element with text content and optional class. */
function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function row(cells, className) {
  const tr = el('tr', null, className);
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell));
  return tr;
}

function fill(tbodyId, rows) {
  $(tbodyId).replaceChildren(...rows);
}

function percent(x) {
  return (100 * x).toFixed(1) + '%';
}

/** What the server said went wrong, from a problem document (RFC 9457) or the status. */
async function problem(response) {
  let text = `${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    if (body.errors) {
      text = Object.entries(body.errors).map(([field, messages]) => `${field}: ${[].concat(messages).join('; ')}`).join(' | ');
    } else if (body.detail || body.title) {
      text = body.detail || body.title;
    }
  } catch {
    // Not JSON: the status line says it.
  }
  if (response.status === 401) text = 'The key was refused: ' + text;
  if (response.status === 403) text = 'This key may not do that (an admin key is needed).';
  return text;
}

/** Calls the API with the stored key; returns the parsed body, or throws an Error carrying the server's words. */
async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: {
      'X-Api-Key': sessionStorage.getItem(keyStore) ?? '',
      Accept: 'application/json',
      ...(options.body ? { 'Content-Type': 'application/json' } : {}),
    },
  });
  if (!response.ok) throw new Error(await problem(response));
  return response.status === 204 ? null : response.json();
}

/** Runs a panel action, showing its error (or clearing it) in the panel's error line. */
async function guarded(errorId, action) {
  $(errorId).textContent = '';
  try {
    await action();
  } catch (error) {
    $(errorId).textContent = error.message;
  }
}

function itemRows(items, offset = 0) {
  return items.map((item, i) => row([
    offset + i + 1,
    `${item.title} (${item.id})`,
    item.category ?? '',
    item.brand ?? '',
    item.price ?? '',
    item.reason + (item.explore ? ' [exploring]' : '') + (item.campaigns ? ` [campaign: ${item.campaigns.join(', ')}]` : ''),
  ], item.explore ? 'explore' : undefined));
}

/** The shopper's recommendations, each with like and dislike buttons that send feedback and look the shopper up again. */
function recommendationRows(items, shopperId, offset = 0) {
  return itemRows(items, offset).map((tr, i) => {
    const cell = el('td');
    for (const reaction of ['like', 'dislike']) {
      const button = el('button', reaction, 'feedback');
      button.type = 'button';
      button.addEventListener('click', () => guarded('shopper-error', async () => {
        await api(`/v1/feedback/users/${encodeURIComponent(shopperId)}`, {
          method: 'POST',
          body: JSON.stringify({ itemId: items[i].id, reaction }),
        });
        $('feedback-note').textContent = `Sent: ${reaction} of ${items[i].title}. The list below already reflects it.`;
        await lookUp();
      }));
      cell.append(button);
    }
    tr.append(cell);
    return tr;
  });
}

function interests(listId, list) {
  const items = (list ?? []).map((interest) => el('li', interest.summary));
  $(listId).replaceChildren(...(items.length ? items : [el('li', 'none')]));
}

async function loadModel() {
  const [status, config] = await Promise.all([api('/v1/admin/model'), api('/v1/admin/config')]);
  const facts = [
    ['Recommender', status.recommender],
    ['Store', config.store ?? ''],
    ['Version', status.version],
    ['Trained at', status.trainedAt ? new Date(status.trainedAt).toLocaleString() : 'not yet'],
    ['Training took', status.trainingSeconds != null ? status.trainingSeconds.toFixed(1) + ' s' : ''],
    ['Served from', status.restoredFrom ? `the saved snapshot ${status.restoredFrom}${status.training ? ' (until the run in progress ends)' : ''}` : "this process's training run"],
    ['Runs not needed', `${status.skippedRuns} left out (nothing changed), ${status.adoptedRuns} served from another process's snapshot`],
    ['Chosen by auto', status.selection ? `${status.selection} (compared ${new Date(status.selectedAt).toLocaleString()})` : 'no (a named recommender)'],
    ['Shoppers', status.users],
    ['Items', status.items],
    ['Interactions', status.interactions],
    ['Events', status.events],
    ['Bought-together rules', `${status.boughtTogetherRules} (from ${status.baskets} baskets)`],
    ['Text embeddings', status.textEmbeddings],
    ['Cluster names', status.clusterNames],
    ['Training now', status.training ? 'yes' : 'no'],
    ['Last error', status.lastError ?? 'none'],
  ];
  fill('model-facts', facts.map(([name, value]) => row([el('th', name), value])));
}

async function connect() {
  $('role').textContent = '';
  try {
    await loadModel();
    document.body.dataset.role = 'admin';
    $('role').textContent = 'Connected with an admin key.';
  } catch (error) {
    // An ingest key may not read the model status, but may use the shopper, item and cart panels.
    try {
      await api('/v1/recommendations/popular?count=1');
    } catch (inner) {
      sessionStorage.removeItem(keyStore);
      $('role').textContent = inner.message;
      return;
    }
    document.body.dataset.role = 'ingest';
    $('role').textContent = 'Connected with an ingest key: the admin panels are hidden.';
  }
  for (const node of document.querySelectorAll('[data-admin]')) node.hidden = document.body.dataset.role !== 'admin';
  if (document.body.dataset.role === 'admin') {
    guarded('campaign-error', loadCampaigns);
    guarded('placement-error', loadPlacements);
    guarded('synonym-error', loadSynonyms);
  }
  $('panels').hidden = false;
  $('disconnect').hidden = false;
}

$('connect').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(keyStore, $('key').value.trim());
  $('key').value = '';
  connect();
});

$('disconnect').addEventListener('click', () => {
  sessionStorage.removeItem(keyStore);
  $('panels').hidden = true;
  $('disconnect').hidden = true;
  $('role').textContent = 'Key forgotten.';
});

$('retrain').addEventListener('click', () => guarded('model-error', async () => {
  $('retrain').disabled = true;
  try {
    await api('/v1/admin/train?wait=true', { method: 'POST' });
    await loadModel();
  } finally {
    $('retrain').disabled = false;
  }
}));

/** The feed on show: its shopper, page size and newest slate id, so that "Next page" continues it (after=). */
let feed = null;

async function lookUp() {
  const shopper = $('shopper-id').value.trim();
  const id = encodeURIComponent(shopper);
  const count = encodeURIComponent($('shopper-count').value);
  const placement = $('shopper-placement').value.trim();
  const [recs, profile] = await Promise.all([
    api(`/v1/recommendations/users/${id}?${count ? `count=${count}` : ''}${placement ? `&placement=${encodeURIComponent(placement)}` : ''}${$('shopper-language').checked ? '&reasons=language' : ''}`),
    api(`/v1/profiles/${id}?narrative=true`),
  ]);
  $('recs-note').textContent = recs.personalized
    ? `Personalised, model version ${recs.modelVersion}.`
    : 'Not personalised: no usable history or consent for this shopper, so these are popular items.';
  if (recs.reasonSource) {
    $('recs-note').textContent += ` Reasons: ${recs.reasonSource}.`;
  }
  fill('recs', recommendationRows(recs.items, shopper));
  feed = { shopper, count, placement, slateId: recs.slateId, shown: recs.items.length };
  $('recs-more').hidden = !recs.slateId;
  $('narrative').textContent = profile.narrative?.text ?? '';
  $('narrative-source').textContent = profile.narrative ? `Written by: ${profile.narrative.source}` : '';
  interests('long-term', profile.longTerm);
  interests('short-term', profile.shortTerm);
  interests('aversions', profile.aversions);
}

$('recs-more').addEventListener('click', () => guarded('shopper-error', async () => {
  const page = await api(`/v1/recommendations/users/${encodeURIComponent(feed.shopper)}?${feed.count ? `count=${feed.count}&` : ''}after=${encodeURIComponent(feed.slateId)}${feed.placement ? `&placement=${encodeURIComponent(feed.placement)}` : ''}`);
  $('recs').append(...recommendationRows(page.items, feed.shopper, feed.shown));
  feed = { ...feed, slateId: page.slateId ?? feed.slateId, shown: feed.shown + page.items.length };
  if (page.items.length === 0) {
    $('recs-more').hidden = true;
    $('feedback-note').textContent = 'No more recommendations in this feed.';
  }
}));

$('shopper-form').addEventListener('submit', (event) => {
  event.preventDefault();
  $('feedback-note').textContent = '';
  guarded('shopper-error', lookUp);
});

/** Completions of the word being typed, offered under the search box. */
$('search-q').addEventListener('input', () => {
  const text = $('search-q').value;
  if (!text.trim() || text.endsWith(' ')) {
    $('search-suggestions').replaceChildren();
    return;
  }
  api(`/v1/search/suggest?q=${encodeURIComponent(text)}&count=8`).then((result) => {
    if ($('search-q').value !== text) return;
    $('search-suggestions').replaceChildren(...result.suggestions.map((s) => {
      const option = el('option');
      option.value = s.text;
      option.label = `${s.items} item(s)`;
      return option;
    }));
  }).catch(() => $('search-suggestions').replaceChildren());
});

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('search-error', async () => {
    const user = $('search-user').value.trim();
    const result = await api(`/v1/search?q=${encodeURIComponent($('search-q').value.trim())}&count=20&facets=true${user ? `&user=${encodeURIComponent(user)}` : ''}`);
    const facet = (values) => values.map((f) => `${f.value} (${f.count})`).join(', ');
    $('search-facets').textContent = result.facets && result.total > 0
      ? `Categories: ${facet(result.facets.categories)}. Brands: ${facet(result.facets.brands)}.`
      : '';
    fill('search-items', itemRows(result.items));
    const corrected = result.corrected ? `; read ${result.corrected.map((c) => `"${c.typed}" as "${c.used}"`).join(', ')}` : '';
    const unknown = (result.unknown.length ? `; no item has ${result.unknown.map((w) => `"${w}"`).join(', ')}` : '') + corrected;
    const meaning = result.meaning ? ` Also by meaning (${result.meaning}).` : '';
    const synonyms = result.synonyms ? `; searched ${result.synonyms.map((s) => `"${s.typed}" as ${s.searched.map((w) => `"${w}"`).join(' or ')}`).join(', ')}` : '';
    const learned = result.learned ? ' What shoppers chose after this search counts too.' : '';
    $('search-note').textContent = `${result.total} item(s) matched${unknown}${synonyms}. ${result.personalized ? `Ordered for ${result.userId}.` : 'In the order of the text alone.'}${meaning}${learned}`;
  });
});

$('similar-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('similar-error', async () => {
    const user = $('similar-user').value.trim();
    const result = await api(`/v1/recommendations/items/${encodeURIComponent($('similar-id').value.trim())}/similar${user ? `?user=${encodeURIComponent(user)}` : ''}`);
    fill('similar-items', itemRows(result.items));
  });
});

$('cart-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('cart-error', async () => {
    const result = await api(`/v1/recommendations/cart?items=${encodeURIComponent($('cart-items').value.trim())}`);
    fill('cart-recs', itemRows(result.items));
  });
});

$('segments-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('segments-error', async () => {
    const result = await api(`/v1/segments?k=${encodeURIComponent($('segments-k').value)}`);
    $('segments-note').textContent =
      `${result.eligibleShoppers} shoppers by ${result.by}; ${result.excludedForConsent} left out for their consent.`;
    fill('segment-rows', result.segments.map((s) => row([
      s.label,
      s.size,
      s.topInterests.map((t) => `${t.interest} ${percent(t.share)}`).join(', '),
    ])));
  });
});

$('audience-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('audience-error', async () => {
    const query = new URLSearchParams();
    const brand = $('audience-brand').value.trim();
    const category = $('audience-category').value.trim();
    if (brand) query.set('brand', brand);
    if (category) query.set('category', category);
    if ($('audience-prospects').checked) query.set('prospectsOnly', 'true');
    query.set('size', '50');
    const result = await api(`/v1/audiences?${query}`);
    $('audience-note').textContent =
      `${result.target}: ${result.targetItems} items; ${result.eligibleShoppers} eligible shoppers, ${result.excludedForConsent} left out for their consent.`;
    fill('audience-rows', result.shoppers.map((s, i) => row([i + 1, s.userId, s.affinity.toFixed(3), s.reason])));
  });
});

/** Boosts typed as field:value:weight, comma-separated (the value is what lies between the first and last colon). */
function parseBoosts(text) {
  return text.split(',').map((entry) => entry.trim()).filter((entry) => entry).map((entry) => {
    const first = entry.indexOf(':');
    const last = entry.lastIndexOf(':');
    if (first < 0 || last <= first) throw new Error(`boost '${entry}' must read field:value:weight, e.g. brand:Acme:0.3`);
    const field = entry.slice(0, first).trim();
    const value = entry.slice(first + 1, last).trim();
    if (entry.slice(last + 1).trim().toLowerCase() === 'hide') return { field, value, hide: true };
    const weight = Number(entry.slice(last + 1));
    return { field, value, weight: Number.isFinite(weight) ? weight : null };
  });
}

function when(time) {
  return time ? new Date(time).toLocaleString() : '';
}

async function loadCampaigns() {
  const result = await api('/v1/admin/campaigns');
  $('campaign-note').textContent = `${result.campaigns.length} stored (at most ${result.max}), ${result.active} active now.`;
  fill('campaign-rows', result.campaigns.map((c) => {
    const actions = el('td');
    const toggle = el('button', c.enabled ? 'Pause' : 'Resume');
    toggle.type = 'button';
    toggle.addEventListener('click', () => guarded('campaign-error', async () => {
      await api(`/v1/admin/campaigns/${encodeURIComponent(c.id)}`, {
        method: 'PUT',
        body: JSON.stringify({ name: c.name, boosts: c.boosts, startsAt: c.startsAt, endsAt: c.endsAt, enabled: !c.enabled, placements: c.placements }),
      });
      await loadCampaigns();
    }));
    const remove = el('button', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => guarded('campaign-error', async () => {
      await api(`/v1/admin/campaigns/${encodeURIComponent(c.id)}`, { method: 'DELETE' });
      await loadCampaigns();
    }));
    actions.append(toggle, remove);
    return row([
      c.id,
      c.name ?? '',
      c.boosts.map((b) => (b.hide ? `${b.field} ${b.value} hidden` : `${b.field} ${b.value} ${b.weight >= 0 ? '+' : ''}${b.weight}`)).join(', '),
      c.startsAt || c.endsAt ? `${when(c.startsAt) || 'now'} to ${when(c.endsAt) || 'no end'}` : 'always',
      c.status,
      c.placements.length ? c.placements.join(', ') : 'every list',
      actions,
    ], `campaign-${c.status}`);
  }));
}

$('campaign-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('campaign-error', async () => {
    const at = (id) => ($(id).value ? new Date($(id).value).toISOString() : null);
    await api(`/v1/admin/campaigns/${encodeURIComponent($('campaign-id').value.trim())}`, {
      method: 'PUT',
      body: JSON.stringify({
        name: $('campaign-name').value.trim() || null,
        boosts: parseBoosts($('campaign-boosts').value),
        startsAt: at('campaign-starts'),
        endsAt: at('campaign-ends'),
        placements: $('campaign-placements').value.split(',').map((p) => p.trim()).filter((p) => p),
      }),
    });
    await loadCampaigns();
  });
});

async function loadPlacements() {
  const result = await api('/v1/admin/placements');
  fill('placement-list', result.placements.map((p) => {
    const actions = el('td');
    const remove = el('button', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => guarded('placement-error', async () => {
      await api(`/v1/admin/placements/${encodeURIComponent(p.id)}`, { method: 'DELETE' });
      await loadPlacements();
    }));
    actions.append(remove);
    return row([p.id, p.name ?? '', Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(' & ') || 'none (a label only)', actions]);
  }));
}

$('placement-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('placement-error', async () => {
    const settings = Object.fromEntries(new URLSearchParams($('placement-settings').value.trim()));
    await api(`/v1/admin/placements/${encodeURIComponent($('placement-id').value.trim())}`, {
      method: 'PUT',
      body: JSON.stringify({ name: $('placement-name').value.trim() || null, settings }),
    });
    await loadPlacements();
  });
});

async function loadSynonyms() {
  const result = await api('/v1/admin/synonyms');
  fill('synonym-list', result.synonyms.map((s) => {
    const actions = el('td');
    const remove = el('button', 'Delete');
    remove.type = 'button';
    remove.addEventListener('click', () => guarded('synonym-error', async () => {
      await api(`/v1/admin/synonyms/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      await loadSynonyms();
    }));
    actions.append(remove);
    return row([s.id, s.words.join(', '), s.oneWay ? `${s.words[0]} finds the others` : 'each finds the others', actions]);
  }));
}

$('synonym-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('synonym-error', async () => {
    await api(`/v1/admin/synonyms/${encodeURIComponent($('synonym-id').value.trim())}`, {
      method: 'PUT',
      body: JSON.stringify({ words: $('synonym-words').value.split(',').map((w) => w.trim()), oneWay: $('synonym-oneway').checked }),
    });
    await loadSynonyms();
  });
});

$('online-form').addEventListener('submit', (event) => {
  event.preventDefault();
  guarded('online-error', async () => {
    const report = await api(`/v1/admin/online?windowHours=${encodeURIComponent($('online-window').value)}`);
    $('online-note').textContent =
      `${report.slates} slates to ${report.shoppers} shoppers; clicked after ${percent(report.clickRate)}, bought after ${percent(report.conversionRate)}.`;
    const c = report.exploreVsExploit;
    fill('online-rows', [
      row(['exploit', report.exploit.shown, report.exploit.taken, percent(report.exploit.takeRate)]),
      row(['explore', report.explore.shown, report.explore.taken, percent(report.explore.takeRate)]),
      row(['explore − exploit', '', '', c ? `${percent(c.difference)} (95%: ${percent(c.lower)} to ${percent(c.upper)}; p ${c.pValue.toPrecision(2)}; at every look: ${percent(c.anytimeLower)} to ${percent(c.anytimeUpper)}, p ${c.anytimePValue.toPrecision(2)})` : 'not yet: needs both kinds of slot shown']),
    ]);
    fill('placement-rows', report.placements.map((p) => row([
      p.placement ?? '(none named)',
      p.slates,
      p.shoppers,
      percent(p.clickRate),
      percent(p.conversionRate),
      p.revenuePerSlate.toFixed(2),
    ])));
  });
});

$('experiment-load').addEventListener('click', () => guarded('experiment-error', async () => {
  const placement = $('experiment-placement').value.trim();
  const all = await api(`/v1/admin/experiments${placement ? `?placement=${encodeURIComponent(placement)}` : ''}`);
  if (all.experiments.length === 0) throw new Error('No A/B test is configured (Penchant:Experiment or Penchant:Experiments).');
  const share = (e) => e.traffic >= 1 ? 'all shoppers' : `${percent(e.traffic)} of shoppers`;
  $('experiment-note').textContent = all.experiments.map((e) => `${e.name} (layer ${e.layer}, ${share(e)}${e.running ? '' : ', not running now'})`
    + (e.sampleRatio && e.sampleRatio.mismatch
      ? ` SAMPLE RATIO MISMATCH: ${e.sampleRatio.observed.join(' : ')} shoppers where the shares expect ${e.sampleRatio.expected.map((x) => x.toFixed(0)).join(' : ')} (p ${e.sampleRatio.pValue.toPrecision(2)}); shoppers are lost unevenly somewhere, so do not trust this test's comparisons until that is found`
      : '')).join('; ')
    + `; clicks within ${all.windowHours} h of a slate${placement ? `; only slates served for ${placement}` : ''}.`;
  fill('experiment-rows', all.experiments.flatMap((e) => e.variants.map((v, i) => row([
    e.name,
    v.name,
    v.recommender + (v.exploreShare == null ? '' : `, explore ${percent(v.exploreShare)}`),
    v.shoppers,
    v.slates,
    percent(v.clickRate),
    percent(v.conversionRate),
    v.clickVsControl
      ? `${percent(v.clickVsControl.difference)} (95%: ${percent(v.clickVsControl.lower)} to ${percent(v.clickVsControl.upper)}; p ${v.clickVsControl.pValue.toPrecision(2)}; `
        + `at every look: ${percent(v.clickVsControl.anytimeLower)} to ${percent(v.clickVsControl.anytimeUpper)}, p ${v.clickVsControl.anytimePValue.toPrecision(2)}`
        + (v.clickVsControl.varianceReduction > 0 ? `; ${percent(v.clickVsControl.varianceReduction)} of the variance taken out by earlier behaviour` : '') + ')'
      : i === 0 ? 'control' : 'no slates yet in one of the two arms',
    v.revenuePerSlate.toFixed(2) + (v.revenueVsControl
      ? ` (${v.revenueVsControl.difference >= 0 ? '+' : ''}${v.revenueVsControl.difference.toFixed(2)}; at every look: ${v.revenueVsControl.anytimeLower.toFixed(2)} to ${v.revenueVsControl.anytimeUpper.toFixed(2)}, p ${v.revenueVsControl.anytimePValue.toPrecision(2)})`
      : ''),
    v.verdict ?? (i === 0 ? 'control' : ''),
  ]))));
}));

if (sessionStorage.getItem(keyStore)) connect();
