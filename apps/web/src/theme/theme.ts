import { createExternalStore, useExternalStore } from "../lib/external-store.js";

export type Theme = "light" | "dark";

/** Where the operator's choice of theme is remembered. */
export const THEME_STORAGE_KEY = "em.theme";

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === "light" || value === "dark" ? value : null;
  } catch {
    return null; // storage can be disabled; fall back to the system preference
  }
}

function systemTheme(): Theme {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

const themeStore = createExternalStore<Theme>(storedTheme() ?? systemTheme());

function apply(theme: Theme): void {
  document.documentElement.dataset["theme"] = theme;
  document.documentElement.style.colorScheme = theme;
}

/** Applies the remembered (or system) theme before the first render, and follows the system until the operator chooses. */
export function initTheme(): void {
  apply(themeStore.get());
  themeStore.subscribe(() => apply(themeStore.get()));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (storedTheme() === null) themeStore.set(systemTheme());
  });
}

export function setTheme(theme: Theme): void {
  try {
    localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // not remembered, still applied
  }
  themeStore.set(theme);
}

export function useTheme(): Theme {
  return useExternalStore(themeStore);
}
