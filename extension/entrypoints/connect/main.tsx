import { render } from 'preact';
import { ConnectPage } from './ConnectPage.tsx';
import '../../ui/styles.css';

// Opened by the background when the pair page hands over a pairing link: `connect.html?tab={pair
// page's tab}#vpl_…`. The token is kept in memory and taken out of this page's address.
const link = decodeURIComponent(location.hash.slice(1));
const tab = Number(new URLSearchParams(location.search).get('tab'));
history.replaceState(null, '', location.pathname + location.search);

render(
  <ConnectPage link={link} tabId={Number.isSafeInteger(tab) && tab >= 0 && location.search ? tab : null} />,
  document.getElementById('app')!,
);
