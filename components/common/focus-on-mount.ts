/**
 * A ref callback that moves the keyboard focus to the element once it is mounted (give it `tabIndex={-1}`): for the
 * answer that replaces a form or a button the keyboard was on. Without it the focus falls to the start of the page
 * (document.body), and a keyboard or screen-reader user has to find their place again from the top.
 */
export const focusOnMount = (el: HTMLElement | null) => el?.focus();
