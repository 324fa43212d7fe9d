// The dashboard's entry: hash routes (#/jobs[?limit=N], #/new, #/jobs/<id>) and the key prompt.
import { apiKey, forgetApiKey, setApiKey, whenUnauthorized } from './api.js';
import { byId, h, replace } from './dom.js';
import { showJobList } from './job-list.js';
import { showJobPage } from './job-page.js';
import { showSubmitPage } from './submit-page.js';

const main = byId<HTMLElement>('main');
const account = byId<HTMLElement>('account');
/** Aborted when the page changes: it stops the previous page's streams and timers. */
let leaving = new AbortController();

function route(notice?: string): void {
  leaving.abort();
  leaving = new AbortController();
  renderAccount();
  if (!apiKey()) return showLogin(notice);
  const hash = location.hash.replace(/^#\/?/, '');
  const job = /^jobs\/([^/]+)$/.exec(hash);
  main.focus({ preventScroll: true });
  if (job) return showJobPage(main, decodeURIComponent(job[1]!), leaving.signal);
  if (hash === 'new') return showSubmitPage(main, leaving.signal);
  const limit = Number(new URLSearchParams(hash.split('?')[1] ?? '').get('limit'));
  return showJobList(main, leaving.signal, limit >= 1 && limit <= 100 ? limit : undefined);
}

function renderAccount(): void {
  replace(
    account,
    apiKey() &&
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            forgetApiKey();
            route();
          },
        },
        'Forget key',
      ),
  );
}

/** No key yet (or a rejected one): ask for it, kept in sessionStorage for this tab only. */
function showLogin(notice?: string): void {
  document.title = 'Sign in · Remaster';
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'api-key-help',
  });
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: (event: Event) => {
        event.preventDefault();
        setApiKey(input.value);
        route();
      },
    },
    h('h1', {}, 'Sign in with an API key'),
    notice && h('p', { class: 'error', role: 'alert' }, notice),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h(
      'p',
      { id: 'api-key-help', class: 'hint' },
      'Paste a key from API_KEYS (tenant:key). `npm start` prints its local key and the file it is in. ',
      'The key stays in this tab (sessionStorage) and is sent as "Authorization: Bearer <key>".',
    ),
    h('button', { type: 'submit' }, 'Sign in'),
  );
  replace(main, form);
  input.focus();
}

whenUnauthorized((error) => {
  forgetApiKey();
  route(`The API refused the key: ${error.message}`);
});
window.addEventListener('hashchange', () => route());
route();
