// Facilitator console (/f/SESSIONID#token=…): imports and starts, nothing else.
import { registerColofon } from '../components/colofon/colofon.js';
import { registerConnBanner } from '../components/conn-banner/conn-banner.js';
import { registerJoinQr } from '../components/join-qr/join-qr.js';
import { registerVoteBars } from '../components/vote-bars/vote-bars.js';
import { registerResultCard } from '../components/result-card/result-card.js';
import { registerRouteTrail } from '../components/route-trail/route-trail.js';
import { registerPeopleList } from '../components/people-list/people-list.js';
import { registerRoomControl } from '../components/room-control/room-control.js';
import { registerGuidance } from '../components/guidance-panel/guidance-panel.js';
import { registerConsolePage } from '../components/console-page/console-page.js';
import { registerCountDown } from '../components/count-down/count-down.js';
import { registerRemarkList } from '../components/remark-list/remark-list.js';

registerColofon();
registerConnBanner();
registerJoinQr();
registerVoteBars();
registerResultCard();
registerRouteTrail();
registerPeopleList();
registerCountDown();
registerRemarkList();
registerRoomControl();
registerGuidance();
registerConsolePage();
