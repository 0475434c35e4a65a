import { render } from 'preact';
import { SharePage } from './SharePage.tsx';
import '../../ui/styles.css';

render(<SharePage pageUrl={new URLSearchParams(location.search).get('url') ?? ''} />, document.getElementById('app')!);
