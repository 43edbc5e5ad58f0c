// Your data: export everything Vitrine stored (download + shown here), or forget it all.
import { h, fill } from '../dom.js';
import { available, exportData, forget, state } from '../personalization.js';
import { json, section } from './section.js';

export function create() {
  const { el, body } = section('data', 'Your data');
  const output = h('pre', { class: 'export', testid: 'export-output', hidden: true, tabindex: '0', 'aria-label': 'Exported data' });
  const download = h('a', { class: 'btn btn-small', download: 'vitrine-data.json', testid: 'export-download', hidden: true }, 'Download again');
  const message = h('p', { class: 'muted', role: 'status', testid: 'data-message' });
  const exportButton = h('button', {
    class: 'btn btn-small', type: 'button', testid: 'export-button',
    onclick: async () => {
      const data = await exportData();
      if (data === undefined) return (message.textContent = 'Export failed or is not available in this build.');
      const text = json(data);
      output.textContent = text;
      output.hidden = false;
      URL.revokeObjectURL(download.href);
      download.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      download.hidden = false;
      download.click();
      message.textContent = `Exported ${text.length.toLocaleString('en')} characters as vitrine-data.json.`;
    },
  }, 'Export my data');
  const confirmBox = h('div', { class: 'confirm', hidden: true, role: 'group', 'aria-labelledby': 'forget-q' },
    h('p', { id: 'forget-q' }, 'Forget everything Vitrine stored in this browser? The page reloads afterwards.'),
    h('button', {
      class: 'btn btn-danger btn-small', type: 'button', testid: 'forget-confirm',
      onclick: async () => {
        await forget();
        location.reload();
      },
    }, 'Yes, forget everything'),
    h('button', { class: 'btn btn-small', type: 'button', testid: 'forget-cancel', onclick: () => ask(false) }, 'Cancel'));
  const forgetButton = h('button', { class: 'btn btn-small', type: 'button', testid: 'forget-button', onclick: () => ask(true) }, 'Forget me');
  function ask(open) {
    confirmBox.hidden = !open;
    forgetButton.hidden = open;
    (open ? confirmBox.querySelector('button') : forgetButton).focus();
  }
  fill(body, h('p', { class: 'actions' }, exportButton, download, forgetButton), confirmBox, message, output);
  return {
    el,
    update() {
      exportButton.disabled = !(state.status === 'ready' && available('exportData'));
      forgetButton.disabled = !(state.status === 'ready' && available('forget'));
      if (state.status === 'ready' && (exportButton.disabled || forgetButton.disabled)) {
        message.textContent ||= `Not available in this build (${[exportButton.disabled && 'exportData()', forgetButton.disabled && 'forget()'].filter(Boolean).join(', ')}).`;
      }
    },
  };
}
