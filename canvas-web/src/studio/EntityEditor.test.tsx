// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntityEditor } from './EntityEditor';
import { kindSpec } from './kinds';

function respond(status: number, body: unknown) {
  return vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const prompts = kindSpec('prompts')!;

describe('EntityEditor', () => {
  it('checks required fields before sending anything', async () => {
    const fetchMock = respond(201, {});
    vi.stubGlobal('fetch', fetchMock);
    render(<EntityEditor kind={prompts} isNew readOnly={false} initial={{ name: '', description: '', spec: { template: '' } }} onPublished={() => {}} />);
    fireEvent.click(screen.getByTestId('publish'));
    expect(await screen.findByText('A name is required.')).toBeTruthy();
    expect(screen.getByText('Template is required.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the server’s field errors on the field they name', async () => {
    vi.stubGlobal(
      'fetch',
      respond(400, {
        title: 'Validation failed',
        status: 400,
        errors: [
          { path: 'spec.template', message: 'references an unknown variable' },
          { path: 'spec.other', message: 'something else' },
        ],
      }),
    );
    render(<EntityEditor kind={prompts} isNew readOnly={false} initial={{ name: 'careful', description: '', spec: { template: 'Hi {{x}}' } }} onPublished={() => {}} />);
    fireEvent.click(screen.getByTestId('publish'));
    const fieldError = await screen.findByText('references an unknown variable');
    expect(fieldError.closest('.field')?.querySelector('textarea')?.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('publish-error').textContent).toContain('something else');
  });

  it('says which version it published', async () => {
    const fetchMock = respond(201, { kind: 'prompts', name: 'careful', version: 3, spec: { template: 'Hi' } });
    vi.stubGlobal('fetch', fetchMock);
    const published = vi.fn();
    render(<EntityEditor kind={prompts} isNew={false} latestVersion={2} readOnly={false} initial={{ name: 'careful', description: '', spec: { template: 'Hi' } }} onPublished={published} />);
    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(screen.getByTestId('publish-result').textContent).toContain('Published version 3'));
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ name: 'careful', spec: { template: 'Hi' } });
    expect(published).toHaveBeenCalled();
  });
});
