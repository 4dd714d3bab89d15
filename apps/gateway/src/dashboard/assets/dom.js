// DOM and formatting helpers every panel of the dashboard uses.

export function $(id) {
  return document.getElementById(id);
}

/** Builds an element; text goes in as text, never as HTML. */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (name) {
    if (name === 'text') node.textContent = attrs[name];
    else if (name === 'onclick') node.addEventListener('click', attrs[name]);
    else node.setAttribute(name, attrs[name]);
  });
  (children || []).forEach(function (child) {
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  });
  return node;
}

export function fill(parent, children) {
  parent.replaceChildren(...children);
}

export function pct(rate) {
  return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + ' %';
}

export function ms(value) {
  return value === null || value === undefined
    ? '—'
    : value >= 1000
      ? (value / 1000).toFixed(2) + ' s'
      : Math.round(value) + ' ms';
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '—';
}

/** `success 10, failure 2` for the non-zero counts of an outcome map, `—` when there are none. */
export function countsText(counts) {
  return (
    Object.keys(counts)
      .filter(function (k) {
        return counts[k] > 0;
      })
      .map(function (k) {
        return k + ' ' + counts[k];
      })
      .join(', ') || '—'
  );
}
