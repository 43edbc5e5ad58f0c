/**
 * Slots: the shop's elements with `data-vitrine-slot="<name>"`. Their element children are the
 * shop's fallback content: hidden while a banner shows (the `hidden` attribute, plus
 * `data-vitrine-fallback` to remember which ones), never removed, shown again on restore.
 * Text directly inside a slot cannot be hidden without moving it: wrap fallback text in an
 * element. Children the shop already hid stay hidden.
 *
 * Slot classes: `vitrine-loading` (the shop's, while the decision is pending) is removed once a
 * slot shows a banner or its fallback; `vitrine-filled` marks a slot that shows a banner.
 *
 * Works on any DOM with `document` (browsers, jsdom, happy-dom): plain DOM calls only.
 */

import { toVitrineError, VitrineError } from '../errors.js';
import { BANNER_CLASS } from './banner.js';

/** Where slots are looked for: a document, an element, or a shadow root (or other fragment). */
export type RenderRoot = Document | Element | DocumentFragment;

/** A slot and its name. */
export interface Slot {
  readonly element: Element;
  readonly name: string;
}

/** The attribute naming a slot. */
export const SLOT_ATTR = 'data-vitrine-slot';
/** The class on a slot that shows a banner. */
export const FILLED_CLASS = 'vitrine-filled';

const LOADING_CLASS = 'vitrine-loading';
const FALLBACK_ATTR = 'data-vitrine-fallback';
const ELEMENT_NODE = 1;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

/**
 * Runs `use` on `root` once it is known to be a {@link RenderRoot}. Anything else (a Text node,
 * `window`, a number) throws a `context_invalid` `VitrineError` (a `TypeError`) saying what to
 * pass; so does a failure of `use` itself, which only an unusable root causes (a Proxy).
 * Checked by node type, so nodes of another window or of jsdom/happy-dom pass.
 */
export function withRoot<T>(root: unknown, use: (root: RenderRoot) => T): T {
  let valid: RenderRoot;
  try {
    valid = checkRoot(root);
  } catch (error) {
    throw toVitrineError(error, 'context_invalid', 'the rendering root could not be read');
  }
  try {
    return use(valid);
  } catch (error) {
    throw toVitrineError(error, 'context_invalid', 'the rendering root could not be used');
  }
}

function checkRoot(root: unknown): RenderRoot {
  if (typeof root === 'object' && root !== null && 'nodeType' in root && 'querySelectorAll' in root) {
    const type = root.nodeType;
    const usable = type === ELEMENT_NODE || type === DOCUMENT_NODE || type === DOCUMENT_FRAGMENT_NODE;
    if (usable && typeof root.querySelectorAll === 'function') return root as RenderRoot;
  }
  throw new VitrineError(
    'context_invalid',
    `the rendering root must be a Document, an Element or a ShadowRoot, got ${describe(root)}: ` +
      'pass document, an element containing [data-vitrine-slot] elements, or a shadow root',
  );
}

/** True for an element node (checked by node type: elements of any window or DOM library). */
export function isElement(value: unknown): value is Element {
  return typeof value === 'object' && value !== null && (value as Partial<Node>).nodeType === ELEMENT_NODE;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object' && typeof value !== 'function') return `a ${typeof value}`;
  return Object.prototype.toString.call(value).slice(8, -1);
}

/** Every named slot under `root`, the root itself included, in document order. */
export function findSlots(root: RenderRoot): Slot[] {
  return withRoot(root, (valid) => {
    const found: Slot[] = [];
    const add = (element: Element): void => {
      const name = element.getAttribute(SLOT_ATTR);
      if (name !== null && name !== '') found.push({ element, name });
    };
    if (isElement(valid)) add(valid);
    valid.querySelectorAll(`[${SLOT_ATTR}]`).forEach(add);
    return found;
  });
}

/** Shows `banner` in `slot`: replaces an earlier banner, hides the fallback content. */
export function showBanner(slot: Element, banner: Element): void {
  removeBanners(slot);
  for (const child of Array.from(slot.children)) {
    if (!child.hasAttribute('hidden')) {
      child.setAttribute(FALLBACK_ATTR, '');
      child.setAttribute('hidden', '');
    }
  }
  slot.append(banner);
  slot.classList.remove(LOADING_CLASS);
  slot.classList.add(FILLED_CLASS);
}

/** Removes `slot`'s banner and shows its fallback content again. */
export function restoreSlot(slot: Element): void {
  removeBanners(slot);
  for (const child of Array.from(slot.children)) {
    if (child.hasAttribute(FALLBACK_ATTR)) {
      child.removeAttribute(FALLBACK_ATTR);
      child.removeAttribute('hidden');
    }
  }
  slot.classList.remove(LOADING_CLASS, FILLED_CLASS);
}

function removeBanners(slot: Element): void {
  for (const child of Array.from(slot.children)) {
    if (child.classList.contains(BANNER_CLASS)) child.remove();
  }
}
