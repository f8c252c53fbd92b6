/** Options of the page from its query string (the widget passes them); every value checked, never trusted. */
export const DEFAULT_WELCOME = '您好！我是营商环境政策问答助手，可以回答企业开办、政务服务、税费优惠、市场监管等政策问题，每个回答都会标注所依据的政策条款。';

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu;

const clip = (value, max) => (typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : null);

export function readPageOptions(search) {
  const params = new URLSearchParams(search);
  const color = params.get('color');
  return {
    embed: params.get('embed') === '1',
    title: clip(params.get('title'), 40),
    color: color && COLOR.test(color) ? color : null,
    welcome: clip(params.get('welcome'), 300) ?? DEFAULT_WELCOME,
  };
}
