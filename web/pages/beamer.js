// Beamer view (/b/SESSIONID#token=…): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerConnBanner } from '../components/conn-banner/conn-banner.js';
import { registerJoinQr } from '../components/join-qr/join-qr.js';
import { registerVoteBars } from '../components/vote-bars/vote-bars.js';
import { registerRouteTrail } from '../components/route-trail/route-trail.js';
import { registerCountDown } from '../components/count-down/count-down.js';
import { registerBeamerPage } from '../components/beamer-page/beamer-page.js';

registerColofon();
registerConnBanner();
registerJoinQr();
registerVoteBars();
registerRouteTrail();
registerCountDown();
registerBeamerPage();
