import { useState } from 'preact/hooks';
import { send } from '../../lib/messages.ts';
import { t } from '../../ui/strings.ts';

type State =
  | { step: 'ask' }
  | { step: 'connecting' }
  | { step: 'connected'; shop: string }
  | { step: 'failed'; message: string };

/**
 * "Connect the shop from this pairing link?": the pair page (any web page can send its visitor
 * there) only hands a link over; the exchange happens here, on the user's Connect, as an extension
 * page's request. Cancel tells the pair page and closes the window.
 */
export function ConnectPage(props: { link: string; tabId: number | null }) {
  const [state, setState] = useState<State>(
    props.link ? { step: 'ask' } : { step: 'failed', message: t.pasteLinkInvalid },
  );

  const connect = async () => {
    setState({ step: 'connecting' });
    const res = await send({ type: 'pair:confirm-link', link: props.link, tab_id: props.tabId }).catch(() => null);
    if (res?.type === 'paired') setState({ step: 'connected', shop: res.entry.entry.merchant.name });
    else
      setState({
        step: 'failed',
        message:
          res?.type === 'error' ? (res.error === 'invalid' ? res.message : t.errors[res.error]) : t.errors.server,
      });
  };
  const cancel = async () => {
    await send({ type: 'pair:decline-link', tab_id: props.tabId }).catch(() => {});
    window.close();
  };

  return (
    <main data-testid="connect-page" data-state={state.step}>
      <h1>{t.connect}</h1>
      {(state.step === 'ask' || state.step === 'connecting') && (
        <ConnectQuestion
          connecting={state.step === 'connecting'}
          onConnect={() => void connect()}
          onCancel={() => void cancel()}
        />
      )}
      {state.step === 'connected' && (
        <p class="notice ok" role="status" data-testid="connect-done">
          {t.connected(state.shop)}
        </p>
      )}
      {state.step === 'failed' && (
        <p class="notice error" role="alert" data-testid="connect-failed">
          {state.message}
        </p>
      )}
      {(state.step === 'connected' || state.step === 'failed') && (
        <button type="button" onClick={() => window.close()} data-testid="connect-close">
          {t.close}
        </button>
      )}
    </main>
  );
}

/** The question and its two answers: Connect (busy while the link is exchanged) and Cancel. */
function ConnectQuestion(props: { connecting: boolean; onConnect: () => void; onCancel: () => void }) {
  return (
    <section>
      <p>{t.connectLinkQuestion}</p>
      <p class="muted">{t.connectLinkHint}</p>
      <div class="row">
        <button
          type="button"
          class="primary"
          disabled={props.connecting}
          onClick={props.onConnect}
          data-testid="connect-confirm"
        >
          {props.connecting ? t.connectLinkConnecting : t.pasteLinkButton}
        </button>
        <button type="button" disabled={props.connecting} onClick={props.onCancel} data-testid="connect-cancel">
          {t.connectCancel}
        </button>
      </div>
    </section>
  );
}
