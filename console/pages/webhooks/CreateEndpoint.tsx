import type { Dispatch, StateUpdater } from 'preact/hooks';
import { useState } from 'preact/hooks';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookEndpointCreate,
  type WebhookEndpointCreated,
} from '../../../shared/schemas/webhook.ts';
import { ApiFailure, request } from '../../api.ts';
import { t } from '../../i18n/index.ts';
import { safeParseLocalized } from '../../localized.ts';
import { Alert, errorText, Field } from '../../ui.tsx';
import { apiErrorToFields } from '../../validation.ts';

/** The events an endpoint receives, one checkbox each. */
function EventChecks({
  events,
  setEvents,
  error,
}: {
  events: string[];
  setEvents: Dispatch<StateUpdater<string[]>>;
  error: string | undefined;
}) {
  return (
    <fieldset>
      <legend>{t('events')}</legend>
      {error && <p class="error">{error}</p>}
      <div class="checks">
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <div class="check" key={type}>
            <input
              id={`ev-${type}`}
              type="checkbox"
              data-testid={`webhook-event-${type}`}
              checked={events.includes(type)}
              onChange={(e) =>
                setEvents((list) =>
                  (e.currentTarget as HTMLInputElement).checked ? [...list, type] : list.filter((x) => x !== type),
                )
              }
            />
            <label for={`ev-${type}`}>
              <code>{type}</code>
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function CreateEndpoint({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState('https://');
  const [events, setEvents] = useState<string[]>(['reward.approved']);
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function submit(e: Event) {
    e.preventDefault();
    const body = { url, events, ...(description.trim() ? { description } : {}) };
    const checked = safeParseLocalized(WebhookEndpointCreate, body);
    if (!checked.success) {
      setErrors(Object.fromEntries(checked.error.issues.map((i) => [String(i.path[0] ?? ''), i.message])));
      return;
    }
    try {
      const created = await request<WebhookEndpointCreated>('POST', '/v1/webhook_endpoints', {
        body,
        idempotencyKey: crypto.randomUUID(),
      });
      setErrors({});
      onCreated(created.secret);
    } catch (err) {
      setErrors(err instanceof ApiFailure ? apiErrorToFields(err.body, errorText(err)) : { '': errorText(err) });
    }
  }
  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="webhook-form">
      <h2>{t('create_endpoint')}</h2>
      {errors[''] && <Alert>{errors['']}</Alert>}
      <Field label={t('endpoint_url')} name="url" error={errors.url}>
        {(p) => (
          <input
            {...p}
            type="url"
            data-testid="webhook-url"
            value={url}
            onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <EventChecks events={events} setEvents={setEvents} error={errors.events} />
      <Field label={t('description')} name="description" error={errors.description}>
        {(p) => (
          <input
            {...p}
            data-testid="webhook-description"
            value={description}
            onInput={(e) => setDescription((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
      <button type="submit" data-testid="webhook-create">
        {t('create_endpoint')}
      </button>
    </form>
  );
}
