// Join page and participant view (/j, /j/CODE): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerConnBanner } from '../components/conn-banner/conn-banner.js';
import { registerVoteBars } from '../components/vote-bars/vote-bars.js';
import { registerResultCard } from '../components/result-card/result-card.js';
import { registerRouteTrail } from '../components/route-trail/route-trail.js';
import { registerBegrip } from '../components/begrip-uitleg/begrip-uitleg.js';
import { registerParticipantView } from '../components/participant-view/participant-view.js';
import { registerJoinPage } from '../components/join-page/join-page.js';

registerColofon();
registerConnBanner();
registerVoteBars();
registerResultCard();
registerRouteTrail();
registerBegrip();
registerParticipantView();
registerJoinPage();
