/**
 * The chat's place filter: a select of the provinces and cities the library has documents of (from the
 * facets of GET /api/documents), so a question is answered from one place's policies only.
 */
import { getDocuments } from './api.js';
import { h } from './dom.js';

const GROUPS = Object.freeze([
  { facet: 'region', label: '省份' },
  { facet: 'city', label: '城市' },
]);

/** Fills `select` once the facets arrive; `filters()` is the chosen place as POST /api/ask filters, or null. */
export function createPlaceFilter(select) {
  getDocuments().then(({ facets }) => {
    for (const { facet, label } of GROUPS) {
      const values = facets?.[facet] ?? [];
      if (values.length === 0) continue;
      select.append(h('optgroup', { label }, values.map(({ value, count }) => h('option', { value: `${facet}:${value}`, text: `${value}（${count}）` }))));
    }
    select.hidden = false;
  }, () => {
    // Without facets the chat still works, over the whole library.
  });
  return {
    filters() {
      const [facet, ...rest] = select.value.split(':');
      return facet && rest.length > 0 ? { [facet]: rest.join(':') } : null;
    },
  };
}
