import { cleanup, render, screen } from '@testing-library/react';
import { App } from '../App';
import { createFakeAnlauf } from './fakeAnlauf';

type FakeOptions = Parameters<typeof createFakeAnlauf>[0];

/** Puts a fake main behind `window.anlauf`, as a host would, and mounts the app against it. */
export async function renderApp(options?: FakeOptions) {
  const fake = createFakeAnlauf(options);
  window.anlauf = fake.api;
  const view = render(<App />);
  await screen.findByTestId('line-kind');
  return { fake, ...view };
}

export function unmountApp() {
  cleanup();
  Reflect.deleteProperty(window, 'anlauf');
}
