import { useState, type FormEvent } from 'react';
import { toProblem } from '../api/client';
import { secrets } from '../api/endpoints';
import type { ProblemDetail } from '../api/types';
import { usePermissions } from '../auth/authStore';
import { TextField } from '../components/Fields';
import { EmptyState, Loading, Notice, ProblemBanner } from '../components/Status';
import { formatDate } from '../lib/format';
import { useAsync } from '../lib/useAsync';

const SECRET_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const MASK = '••••••••••••';

/** Secrets are write-only: the page sets, replaces and deletes them but never shows a value. */
export default function SecretsPage() {
  const { canEdit } = usePermissions();
  const list = useAsync((signal) => secrets.list(signal), []);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<{ name?: string; value?: string }>({});
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!SECRET_NAME.test(name)) found.name = 'Use lowercase letters, digits, “.”, “_” or “-”.';
    if (!value) found.value = 'Enter the secret value.';
    setErrors(found);
    setNotice(null);
    setProblem(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await secrets.put(name, value);
      setNotice(`Saved secret “${name}”. Refer to it as secret://${name}.`);
      setName('');
      setValue('');
      list.reload();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (secretName: string) => {
    if (!window.confirm(`Delete the secret “${secretName}”? Models that refer to it will fail until it is set again.`)) return;
    setProblem(null);
    try {
      await secrets.remove(secretName);
      setNotice(`Deleted secret “${secretName}”.`);
      list.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };

  return (
    <div className="page page-narrow">
      <div className="page-header">
        <h1>Secrets</h1>
      </div>
      <p className="muted">
        API keys and passwords live here, encrypted on the server. Specs refer to them as <code>secret://name</code>; values are never shown
        again after you save them.
      </p>
      <ProblemBanner problem={problem} />
      {notice && <Notice testId="secret-notice">{notice}</Notice>}
      {canEdit && (
        <form className="card form-inline" onSubmit={save} noValidate aria-label="Set a secret" data-testid="secret-form">
          <TextField label="Name" required value={name} onChange={(v) => setName(v.trim())} error={errors.name} testId="secret-name" placeholder="openai-key" />
          <TextField
            label="Value"
            required
            type="password"
            value={value}
            onChange={setValue}
            error={errors.value}
            testId="secret-value"
            hint="Write-only: saving replaces any existing value."
          />
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="secret-save">
            {busy ? 'Saving…' : 'Save secret'}
          </button>
        </form>
      )}
      <section aria-labelledby="secret-list-title">
        <h2 id="secret-list-title">Stored secrets</h2>
        {list.loading && !list.data && <Loading />}
        <ProblemBanner problem={list.error} onRetry={list.reload} title="Could not load secrets" />
        {list.data && list.data.length === 0 && (
          <EmptyState title="No secrets yet">Add a model provider’s API key above, then use it in a model as secret://name.</EmptyState>
        )}
        {!!list.data?.length && (
          <table className="table" data-testid="secret-list">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Value</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((secret) => (
                <tr key={secret.name}>
                  <td>
                    <code>secret://{secret.name}</code>
                  </td>
                  <td aria-label="hidden value">{MASK}</td>
                  <td>{formatDate(secret.updatedAt ?? secret.createdAt)}</td>
                  <td className="actions">
                    {canEdit && (
                      <button type="button" className="btn btn-danger btn-small" onClick={() => remove(secret.name)} aria-label={`Delete secret ${secret.name}`}>
                        Delete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
