import { Component } from 'preact';
import type { MessageKey } from '../i18n/en.ts';
import type { Translate } from '../i18n/translate.ts';
import { CODE_PATTERN, pairExtension } from '../pairing.ts';
import { OneField } from './OneField.tsx';

const CODE = new RegExp(`^${CODE_PATTERN}$`);

/**
 * "Connect the Vouch browser extension", for an identified advocate: they type the code their
 * extension shows and the Worker pairs it with them (issue 7). Closed until asked for (a native
 * `<details>`: no state to open it); how it went is this form's own state, not the store's.
 */
export class PairForm extends Component<{ t: Translate; _prefix: string }, { _busy?: boolean; _said?: MessageKey }> {
  render() {
    const { t, _prefix: prefix } = this.props;
    const { _busy: busy, _said: said } = this.state;
    return (
      <details>
        <summary>{t('pair')}</summary>
        <OneField
          id={`${prefix}-pair`}
          _label={t('pair_code')}
          _button={t('pair_go')}
          // Codes are read off another window: no suggestions, no corrections, capitals on phones.
          _input={{
            autoComplete: 'off',
            autoCapitalize: 'characters',
            spellcheck: false,
            maxLength: 9,
            pattern: CODE_PATTERN,
          }}
          _busy={busy}
          _said={said && t(said)}
          _class={busy ? 'm' : said === 'pair_ok' ? 'n' : 'e'}
          _submit={async (code) => {
            if (!CODE.test(code)) return this.setState({ _said: 'pair_invalid' });
            this.setState({ _busy: true, _said: 'pair_busy' });
            this.setState({ _busy: false, _said: await pairExtension(code) });
          }}
        />
      </details>
    );
  }
}
