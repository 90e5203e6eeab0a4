/**
 * The carriers merchants actually ship with, as data: PayPal code, display name, the free-text names
 * merchants type (brand spellings and service names), the country a code is specific to, and the
 * carrier's public tracking page.
 *
 * Rules the data follows (test/tracking/carrier-table.test.ts checks them):
 * - every `code` is in PayPal's list (carriers/paypal-codes.ts); one row per code;
 * - an alias may be shared by several rows only when they are one brand's country variants: then at most
 *   one of them has no `country` (the brand's global/default code) and no two share a `country`;
 *   the normaliser picks the variant by the country hint, else the row without `country`, else none;
 * - `nationalPost` marks a country's designated UPU postal operator: it answers to "post", "postal
 *   service", … with that country as a hint, and owns S10 tracking numbers ending in that country code;
 * - an alias starting with "=" is an ordinary word or phrase ("Bring", "Special Delivery") that names the
 *   carrier only as the whole text, so "Bring it yourself" stays the merchant's own name;
 * - `url` is an HTTPS page with `{number}`; it is left out where no stable public deep link is known.
 * Codes were chosen from PayPal's list preferring codes present in all three PayPal sources
 * (specs/paypal-carriers.matrix.tsv); e.g. Australia Post is `AU_AU_POST` (`AU_AUSTRIAN_POST` is Austria's).
 */
export interface CarrierEntry {
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly country?: string;
  readonly nationalPost?: boolean;
  readonly url?: string;
}

const DHL_TRACKING = 'https://www.dhl.com/global-en/home/tracking.html?tracking-id={number}&submit=1';
const DHL_DE_TRACKING = 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode={number}';
const DPD_TRACKING = 'https://tracking.dpd.de/status/en_US/parcel/{number}';
const GLS_TRACKING = 'https://gls-group.com/GROUP/en/parcel-tracking?match={number}';
const LA_POSTE_TRACKING = 'https://www.laposte.fr/outils/suivre-vos-envois?code={number}';
const TNT_TRACKING = 'https://www.tnt.com/express/en_gc/site/shipping-tools/tracking.html?searchType=con&cons={number}';
const BRING_TRACKING = 'https://sporing.bring.no/sporing/{number}';

export const CARRIERS: readonly CarrierEntry[] = [
  // ── United States ──
  {
    code: 'USPS', name: 'USPS', country: 'US', nationalPost: true,
    aliases: ['usps', 'united states postal service', 'us postal service', 'u s postal service', 'us mail', 'priority mail',
      'priority mail express', 'priority mail international', 'first class mail', 'first class package', 'first class package international',
      'ground advantage', '=media mail', 'parcel select', '=library mail', '=express mail', '=certified mail'],
    url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels={number}',
  },
  {
    code: 'UPS', name: 'UPS',
    aliases: ['ups', 'united parcel service', '=next day air', '=next day air saver', '=2nd day air', '=3 day select', '=surepost',
      '=worldwide express', '=worldwide expedited', '=worldwide saver', 'ups ground saver'],
    url: 'https://www.ups.com/track?tracknum={number}',
  },
  { code: 'UPS_MAIL_INNOVATIONS', name: 'UPS Mail Innovations', aliases: ['ups mail innovations', '=mail innovations'], url: 'https://www.ups.com/track?tracknum={number}' },
  {
    code: 'FEDEX', name: 'FedEx',
    aliases: ['fedex', 'fed ex', 'federal express', 'fedex ground', 'fedex express', 'fedex home delivery', '=smartpost', 'fedex ground economy',
      '=priority overnight', '=standard overnight', '=first overnight', 'fedex 2day', 'fedex international priority', '=international economy'],
    url: 'https://www.fedex.com/fedextrack/?trknbr={number}',
  },
  { code: 'FEDEX_UK', name: 'FedEx UK', country: 'GB', aliases: ['fedex uk'], url: 'https://www.fedex.com/fedextrack/?trknbr={number}' },
  { code: 'ONTRAC', name: 'OnTrac', aliases: ['ontrac', 'on trac'], url: 'https://www.ontrac.com/tracking/?number={number}' },
  // LaserShip merged into OnTrac (2024); its numbers are tracked on OnTrac's site.
  { code: 'US_LASERSHIP', name: 'LaserShip', aliases: ['lasership', 'laser ship'], url: 'https://www.ontrac.com/tracking/?number={number}' },
  {
    code: 'AMAZON', name: 'Amazon Logistics',
    aliases: ['amazon', 'amazon logistics', 'amazon shipping', 'amzl', 'amazon.com', 'amazon delivery', 'shipped by amazon'],
    url: 'https://track.amazon.com/tracking/{number}',
  },
  { code: 'AMAZON_SHIP_MCF', name: 'Amazon Multi-Channel Fulfillment', aliases: ['amazon mcf', 'amazon multi channel fulfillment', 'multi channel fulfillment'] },
  {
    code: 'DHL_GLOBAL_MAIL', name: 'DHL eCommerce',
    aliases: ['dhl ecommerce', 'dhl e commerce', 'dhl global mail', 'dhl smartmail', 'dhl smart mail', 'dhl parcel expedited', 'dhl sm parcel'],
    url: 'https://www.dhl.com/us-en/home/tracking/tracking-ecommerce.html?submit=1&tracking-id={number}',
  },
  { code: 'DHL_GLOBAL_MAIL_ASIA', name: 'DHL eCommerce Asia', aliases: ['dhl ecommerce asia', 'dhl global mail asia'], url: DHL_TRACKING },
  { code: 'SPEEDEE', name: 'Spee-Dee Delivery', country: 'US', aliases: ['spee dee', 'speedee', 'spee dee delivery'] },
  { code: 'VEHO', name: 'Veho', country: 'US', aliases: ['veho'] },
  { code: 'UNIUNI', name: 'UniUni', aliases: ['uniuni', 'uni uni'] },
  { code: 'GOFO_EXPRESS', name: 'GOFO Express', aliases: ['gofo', 'gofo express'] },
  { code: 'OSM_WORLDWIDE', name: 'OSM Worldwide', country: 'US', aliases: ['osm', 'osm worldwide'] },
  { code: 'PITNEY_BOWES', name: 'Pitney Bowes', aliases: ['pitney bowes', 'pitney'] },
  { code: 'NEWGISTICS', name: 'Newgistics', aliases: ['newgistics'] },
  { code: 'FIRSTMILE', name: 'FirstMile', aliases: ['firstmile', '=first mile'] },
  { code: 'LANDMARK_GLOBAL', name: 'Landmark Global', aliases: ['=landmark', 'landmark global'] },
  { code: 'PASSPORTSHIPPING', name: 'Passport', aliases: ['=passport', 'passport shipping', 'passport global'] },
  { code: 'ASENDIA', name: 'Asendia', aliases: ['asendia'] },
  { code: 'ASENDIA_US', name: 'Asendia USA', country: 'US', aliases: ['asendia', 'asendia usa', 'asendia us'] },
  { code: 'ASENDIA_UK', name: 'Asendia UK', country: 'GB', aliases: ['asendia', 'asendia uk'] },
  { code: 'ASENDIA_DE', name: 'Asendia Germany', country: 'DE', aliases: ['asendia', 'asendia germany'] },
  { code: 'GLOBAL_ESTES', name: 'Estes Express Lines', aliases: ['estes', 'estes express', 'estes express lines'] },
  { code: 'US_OLD_DOMINION', name: 'Old Dominion Freight Line', aliases: ['old dominion', 'odfl', 'old dominion freight line'] },
  { code: 'SAIA_FREIGHT', name: 'Saia', aliases: ['saia', 'saia freight', 'saia ltl'] },
  { code: 'GLOBAL_ABF', name: 'ABF Freight', aliases: ['abf', 'abf freight'] },
  { code: 'XPO_LOGISTICS', name: 'XPO Logistics', aliases: ['xpo', 'xpo logistics'] },
  { code: 'RL_US', name: 'R+L Carriers', aliases: ['r l carriers', 'r and l carriers', 'rl carriers', 'r+l carriers'] },
  { code: 'TFORCE_FREIGHT', name: 'TForce Freight', aliases: ['tforce freight', 'ups freight'] },
  { code: 'US_APC', name: 'APC Postal Logistics', country: 'US', aliases: ['apc postal logistics', '=apc'] },

  // ── Canada ──
  {
    code: 'CA_CANADA_POST', name: 'Canada Post', country: 'CA', nationalPost: true,
    aliases: ['canada post', 'canadapost', 'postes canada', 'xpresspost', '=expedited parcel', '=regular parcel', '=priority worldwide'],
    url: 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor={number}',
  },
  { code: 'PUROLATOR', name: 'Purolator', country: 'CA', aliases: ['purolator'], url: 'https://www.purolator.com/en/shipping/tracker?pin={number}' },
  { code: 'CANPAR', name: 'Canpar Express', country: 'CA', aliases: ['canpar', 'canpar express'] },
  { code: 'LOOMIS_EXPRESS', name: 'Loomis Express', country: 'CA', aliases: ['loomis', 'loomis express'] },
  { code: 'INTELCOM_CA', name: 'Intelcom', country: 'CA', aliases: ['intelcom', '=dragonfly'] },
  { code: 'CHITCHATS', name: 'Chit Chats', country: 'CA', aliases: ['chit chats', 'chitchats'] },

  // ── DHL family (global express, then country parcel networks) ──
  {
    code: 'DHL', name: 'DHL Express',
    aliases: ['dhl', 'dhl express', 'dhl worldwide express', 'dhl express worldwide', 'dhl international', 'dhl air'],
    url: 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={number}',
  },
  { code: 'DE_DHL', name: 'DHL Paket (Germany)', country: 'DE', aliases: ['dhl', 'dhl paket', 'dhl germany', 'dhl deutschland', 'dhl packet germany'], url: DHL_DE_TRACKING },
  { code: 'DHLPARCEL_UK', name: 'DHL Parcel UK', country: 'GB', aliases: ['dhl', 'dhl parcel', 'dhl parcel uk'], url: DHL_TRACKING },
  { code: 'DHL_PARCEL_NL', name: 'DHL Parcel Netherlands', country: 'NL', aliases: ['dhl', 'dhl parcel', 'dhl parcel nl', 'dhl netherlands'], url: DHL_TRACKING },
  { code: 'DHL_PARCEL_ES', name: 'DHL Parcel Spain', country: 'ES', aliases: ['dhl', 'dhl parcel', 'dhl parcel spain'], url: DHL_TRACKING },
  { code: 'DHL_PL', name: 'DHL Poland', country: 'PL', aliases: ['dhl', 'dhl parcel', 'dhl poland', 'dhl parcel poland'], url: DHL_TRACKING },
  { code: 'DHL_FREIGHT', name: 'DHL Freight', aliases: ['dhl freight'], url: DHL_TRACKING },

  // ── United Kingdom & Ireland ──
  {
    code: 'ROYAL_MAIL', name: 'Royal Mail', country: 'GB', nationalPost: true,
    aliases: ['royal mail', 'royalmail', 'royal mail tracked', '=tracked 24', '=tracked 48', '=special delivery', 'special delivery guaranteed',
      '=signed for', 'first class signed for', '=second class', '=international tracked', 'international tracked and signed', '=click and drop'],
    url: 'https://www.royalmail.com/track-your-item#/tracking-results/{number}',
  },
  {
    code: 'PARCELFORCE', name: 'Parcelforce Worldwide', country: 'GB',
    aliases: ['parcelforce', 'parcel force', 'parcelforce worldwide', '=express 24', '=express 48', 'globalexpress', 'global express'],
    url: 'https://www.parcelforce.com/track-trace?trackNumber={number}',
  },
  { code: 'MYHERMES', name: 'Evri', country: 'GB', aliases: ['evri', 'hermes', 'myhermes', 'my hermes', 'hermes uk'], url: 'https://www.evri.com/track/parcel/{number}/details' },
  { code: 'HERMES', name: 'Hermes', aliases: ['hermes', 'hermesworld', 'hermes world'] },
  { code: 'HERMES_DE', name: 'Hermes Germany', country: 'DE', aliases: ['hermes', 'hermes germany', 'hermes paket', 'hermes de'] },
  { code: 'HERMES_IT', name: 'Hermes Italy', country: 'IT', aliases: ['hermes', 'hermes italy'] },
  { code: 'DPD_UK', name: 'DPD UK', country: 'GB', aliases: ['dpd', 'dpd uk'], url: 'https://track.dpd.co.uk/parcels/{number}' },
  { code: 'DPD_LOCAL', name: 'DPD Local', country: 'GB', aliases: ['dpd local', 'interlink express', '=interlink'] },
  { code: 'UK_YODEL', name: 'Yodel', country: 'GB', aliases: ['yodel', 'yodel direct', 'yodel xpect'], url: 'https://www.yodel.co.uk/tracking/{number}' },
  { code: 'GB_APC', name: 'APC Overnight', country: 'GB', aliases: ['=apc', 'apc overnight'] },
  { code: 'INPOST_UK', name: 'InPost UK', country: 'GB', aliases: ['inpost', 'inpost uk'] },
  { code: 'AN_POST', name: 'An Post', country: 'IE', nationalPost: true, aliases: ['an post', 'anpost', 'irish post'], url: 'https://www.anpost.com/Post-Parcels/Track/History?item={number}' },
  { code: 'FASTWAY_IR', name: 'Fastway Ireland', country: 'IE', aliases: ['fastway', 'fastway ireland'] },
  { code: 'DPD_IR', name: 'DPD Ireland', country: 'IE', aliases: ['dpd', 'dpd ireland'], url: DPD_TRACKING },
  { code: 'JERSEY_POST', name: 'Jersey Post', country: 'JE', nationalPost: true, aliases: ['jersey post'] },

  // ── Germany, Austria, Switzerland ──
  {
    code: 'DEUTSCHE_DE', name: 'Deutsche Post', country: 'DE', nationalPost: true,
    aliases: ['deutsche post', 'deutschepost', '=warenpost', 'deutsche post brief', '=einschreiben'],
    url: DHL_DE_TRACKING,
  },
  { code: 'DPD', name: 'DPD', aliases: ['dpd', 'dpd group', 'dpdgroup'], url: DPD_TRACKING },
  { code: 'DPD_DE', name: 'DPD Germany', country: 'DE', aliases: ['dpd', 'dpd germany', 'dpd deutschland'], url: 'https://tracking.dpd.de/status/de_DE/parcel/{number}' },
  { code: 'GLS', name: 'GLS', aliases: ['gls', 'general logistics systems', 'gls group'], url: GLS_TRACKING },
  { code: 'GLS_DE', name: 'GLS Germany', country: 'DE', aliases: ['gls', 'gls germany'], url: GLS_TRACKING },
  { code: 'AU_AUSTRIAN_POST', name: 'Austrian Post', country: 'AT', nationalPost: true, aliases: ['austrian post', 'osterreichische post', 'post at', 'post ag'], url: 'https://www.post.at/s/sendungsdetails?snr={number}' },
  { code: 'DPD_AT', name: 'DPD Austria', country: 'AT', aliases: ['dpd', 'dpd austria'], url: DPD_TRACKING },
  { code: 'DHL_AT', name: 'DHL Austria', country: 'AT', aliases: ['dhl', 'dhl austria'], url: DHL_TRACKING },
  { code: 'SWISS_POST', name: 'Swiss Post', country: 'CH', nationalPost: true, aliases: ['swiss post', '=die post', 'la poste suisse', 'post ch', 'postch'] },

  // ── France, Benelux ──
  { code: 'LA_POSTE_SUIVI', name: 'La Poste', country: 'FR', nationalPost: true, aliases: ['la poste', 'laposte', 'lettre suivie', 'lettre recommandee'], url: LA_POSTE_TRACKING },
  { code: 'FR_COLISSIMO', name: 'Colissimo', country: 'FR', aliases: ['colissimo', 'la poste colissimo'], url: LA_POSTE_TRACKING },
  { code: 'CHRONOPOST_FR', name: 'Chronopost', aliases: ['chronopost'], url: 'https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}' },
  { code: 'PRT_CHRONOPOST', name: 'Chronopost Portugal', country: 'PT', aliases: ['chronopost', 'chronopost portugal'] },
  { code: 'COLIS_PRIVE', name: 'Colis Privé', country: 'FR', aliases: ['colis prive', 'colisprive'] },
  { code: 'MONDIALRELAY_FR', name: 'Mondial Relay', aliases: ['mondial relay', 'mondialrelay'] },
  { code: 'MONDIALRELAY_ES', name: 'Mondial Relay Spain', country: 'ES', aliases: ['mondial relay', 'mondial relay spain'] },
  { code: 'MONDIAL_BE', name: 'Mondial Relay Belgium', country: 'BE', aliases: ['mondial relay', 'mondial relay belgium'] },
  { code: 'RELAISCOLIS', name: 'Relais Colis', country: 'FR', aliases: ['relais colis', 'relaiscolis'] },
  { code: 'DPD_FR', name: 'DPD France', country: 'FR', aliases: ['dpd', 'dpd france'], url: 'https://trace.dpd.fr/fr/trace/{number}' },
  { code: 'GLS_FR', name: 'GLS France', country: 'FR', aliases: ['gls', 'gls france'], url: GLS_TRACKING },
  { code: 'NLD_POSTNL', name: 'PostNL', country: 'NL', nationalPost: true, aliases: ['postnl', 'post nl', 'tnt post'] },
  { code: 'POSTNL_INTERNATIONAL', name: 'PostNL International', aliases: ['postnl international', 'postnl packet'] },
  { code: 'DPD_NL', name: 'DPD Netherlands', country: 'NL', aliases: ['dpd', 'dpd netherlands'], url: DPD_TRACKING },
  { code: 'NLD_GLS', name: 'GLS Netherlands', country: 'NL', aliases: ['gls', 'gls netherlands'], url: GLS_TRACKING },
  { code: 'BE_BPOST', name: 'bpost', country: 'BE', nationalPost: true, aliases: ['bpost', 'b post', 'belgian post', 'belgium post'], url: 'https://track.bpost.cloud/btr/web/#/search?itemCode={number}&lang=en' },
  { code: 'TNT', name: 'TNT', aliases: ['tnt', 'tnt express'], url: TNT_TRACKING },
  { code: 'TNT_UK', name: 'TNT UK', country: 'GB', aliases: ['tnt', 'tnt uk'], url: TNT_TRACKING },

  // ── Southern Europe ──
  { code: 'IT_POSTE_ITALIA', name: 'Poste Italiane', country: 'IT', nationalPost: true, aliases: ['poste italiane', 'posteitaliane', 'poste italia', '=crono'], url: 'https://www.poste.it/cerca/index.html#/risultati-spedizioni/{number}' },
  { code: 'POSTE_ITALIANE_PACCOCELERE', name: 'Poste Italiane Paccocelere', country: 'IT', aliases: ['paccocelere', 'pacco celere'] },
  { code: 'BRT_IT', name: 'BRT Bartolini', country: 'IT', aliases: ['brt', 'bartolini', 'brt bartolini'] },
  { code: 'SDA_IT', name: 'SDA', country: 'IT', aliases: ['=sda', 'sda express courier'] },
  { code: 'GLS_IT', name: 'GLS Italy', country: 'IT', aliases: ['gls', 'gls italy', 'gls italia'], url: GLS_TRACKING },
  { code: 'CORREOS_ES', name: 'Correos', country: 'ES', nationalPost: true, aliases: ['correos', 'correos espana', 'correos de espana', 'correos spain'], url: 'https://www.correos.es/es/es/herramientas/localizador/envios/detalle?tracking-number={number}' },
  { code: 'CORREOS_EXPRESS', name: 'Correos Express', country: 'ES', aliases: ['correos express'] },
  { code: 'SEUR_ES', name: 'SEUR', country: 'ES', aliases: ['seur'] },
  { code: 'MRW', name: 'MRW', country: 'ES', aliases: ['mrw'] },
  { code: 'GLS_ES', name: 'GLS Spain', country: 'ES', aliases: ['gls', 'gls spain', 'gls espana'], url: GLS_TRACKING },
  { code: 'PRT_CTT', name: 'CTT Portugal', country: 'PT', nationalPost: true, aliases: ['ctt', 'ctt correios', 'correios de portugal', 'ctt expresso'] },
  { code: 'DPD_PRT', name: 'DPD Portugal', country: 'PT', aliases: ['dpd', 'dpd portugal'], url: DPD_TRACKING },
  { code: 'ELTA_GR', name: 'ELTA Hellenic Post', country: 'GR', nationalPost: true, aliases: ['elta', 'hellenic post', 'elta hellenic post'] },
  { code: 'CYPRUS_POST_CYP', name: 'Cyprus Post', country: 'CY', nationalPost: true, aliases: ['cyprus post'] },

  // ── Nordics, Central & Eastern Europe ──
  { code: 'POSTNORD_LOGISTICS', name: 'PostNord', aliases: ['postnord', 'post nord'], url: 'https://www.postnord.se/en/our-tools/track-and-trace?shipmentId={number}' },
  { code: 'SWE_POSTNORD', name: 'PostNord Sweden', country: 'SE', nationalPost: true, aliases: ['postnord', 'postnord sweden'], url: 'https://www.postnord.se/en/our-tools/track-and-trace?shipmentId={number}' },
  { code: 'POSTNORD_LOGISTICS_DK', name: 'PostNord Denmark', country: 'DK', nationalPost: true, aliases: ['postnord', 'postnord denmark'], url: 'https://www.postnord.dk/en/track-and-trace?shipmentId={number}' },
  { code: 'POSTEN_NORGE', name: 'Posten Norge', country: 'NO', nationalPost: true, aliases: ['=posten', 'posten norge', 'norway post'], url: BRING_TRACKING },
  { code: 'BRING', name: 'Bring', aliases: ['=bring'], url: BRING_TRACKING },
  { code: 'POSTI', name: 'Posti', country: 'FI', nationalPost: true, aliases: ['posti', 'itella', 'finnish post'], url: 'https://www.posti.fi/en/tracking#/lahetys/{number}' },
  { code: 'POSTUR_IS', name: 'Iceland Post', country: 'IS', nationalPost: true, aliases: ['postur', 'iceland post'] },
  { code: 'PL_POCZTA_POLSKA', name: 'Poczta Polska', country: 'PL', nationalPost: true, aliases: ['poczta polska', 'pocztex', 'polish post'] },
  { code: 'INPOST_PACZKOMATY', name: 'InPost', aliases: ['inpost', 'paczkomaty', 'paczkomat'], url: 'https://inpost.pl/sledzenie-przesylek?number={number}' },
  { code: 'DPD_POLAND', name: 'DPD Poland', country: 'PL', aliases: ['dpd', 'dpd poland', 'dpd polska'], url: DPD_TRACKING },
  { code: 'CESKA_CZ', name: 'Česká pošta', country: 'CZ', nationalPost: true, aliases: ['ceska posta', 'czech post'] },
  { code: 'PACKETA', name: 'Packeta', aliases: ['packeta', 'zasilkovna'] },
  { code: 'GLS_CZ', name: 'GLS Czech Republic', country: 'CZ', aliases: ['gls', 'gls czech'], url: GLS_TRACKING },
  { code: 'SK_POSTA', name: 'Slovenská pošta', country: 'SK', nationalPost: true, aliases: ['slovenska posta', 'slovak post'] },
  { code: 'MAGYAR_HU', name: 'Magyar Posta', country: 'HU', nationalPost: true, aliases: ['magyar posta', 'hungarian post'] },
  { code: 'GLS_HUN', name: 'GLS Hungary', country: 'HU', aliases: ['gls', 'gls hungary'], url: GLS_TRACKING },
  { code: 'POSTA_RO', name: 'Poșta Română', country: 'RO', nationalPost: true, aliases: ['posta romana', 'romanian post'] },
  { code: 'FAN', name: 'FAN Courier', country: 'RO', aliases: ['fan courier', 'fancourier'] },
  { code: 'BG_BULGARIAN_POST', name: 'Bulgarian Posts', country: 'BG', nationalPost: true, aliases: ['bulgarian post', 'bulgarian posts'] },
  { code: 'SPEEDY', name: 'Speedy', country: 'BG', aliases: ['=speedy'] },
  { code: 'POST_SLOVENIA', name: 'Pošta Slovenije', country: 'SI', nationalPost: true, aliases: ['posta slovenije', 'post of slovenia'] },
  { code: 'HRV_HRVATSKA', name: 'Hrvatska pošta', country: 'HR', nationalPost: true, aliases: ['hrvatska posta', 'croatian post'] },
  { code: 'POST_SERBIA', name: 'Post of Serbia', country: 'RS', nationalPost: true, aliases: ['post of serbia', 'posta srbije'] },
  { code: 'OMNIVA', name: 'Omniva', aliases: ['omniva'] },
  { code: 'LTU_LIETUVOS', name: 'Lietuvos paštas', country: 'LT', nationalPost: true, aliases: ['lietuvos pastas', 'lithuania post'] },
  { code: 'LATVIJAS_PASTS', name: 'Latvijas Pasts', country: 'LV', nationalPost: true, aliases: ['latvijas pasts', 'latvia post'] },
  { code: 'RUSSIAN_POST', name: 'Russian Post', country: 'RU', nationalPost: true, aliases: ['russian post', 'pochta rossii', '=pochta'], url: 'https://www.pochta.ru/tracking?barcode={number}' },
  { code: 'CDEK', name: 'CDEK', aliases: ['cdek', 'sdek'] },
  { code: 'POSTA_UKR', name: 'Ukrposhta', country: 'UA', nationalPost: true, aliases: ['ukrposhta', 'ukr poshta', 'ukrainian post'] },
  { code: 'NOVA_POSHTA', name: 'Nova Poshta', country: 'UA', aliases: ['nova poshta', 'novaposhta', 'nova post'] },

  // ── Middle East & Africa ──
  { code: 'PTT_POST', name: 'PTT (Turkish Post)', country: 'TR', nationalPost: true, aliases: ['=ptt', 'turkish post', 'ptt kargo'] },
  { code: 'YURTICI_KARGO', name: 'Yurtiçi Kargo', country: 'TR', aliases: ['yurtici', 'yurtici kargo'] },
  { code: 'ARASKARGO', name: 'Aras Kargo', country: 'TR', aliases: ['=aras', 'aras kargo'] },
  { code: 'ISRAEL_POST', name: 'Israel Post', country: 'IL', nationalPost: true, aliases: ['israel post'] },
  { code: 'ARE_EMIRATES_POST', name: 'Emirates Post', country: 'AE', nationalPost: true, aliases: ['emirates post'] },
  { code: 'SAU_SAUDI_POST', name: 'Saudi Post (SPL)', country: 'SA', nationalPost: true, aliases: ['saudi post', '=spl'] },
  { code: 'SMSA_EXPRESS', name: 'SMSA Express', aliases: ['smsa', 'smsa express'] },
  { code: 'ARAMEX', name: 'Aramex', aliases: ['aramex'], url: 'https://www.aramex.com/us/en/track/results?ShipmentNumber={number}' },
  { code: 'SOUTH_AFRICAN_POST_OFFICE', name: 'South African Post Office', country: 'ZA', nationalPost: true, aliases: ['south african post office', 'sapo', 'sa post office'] },
  { code: 'FASTWAY_ZA', name: 'Fastway South Africa', country: 'ZA', aliases: ['fastway', 'fastway south africa'] },
  { code: 'NIPOST_NG', name: 'NIPOST', country: 'NG', nationalPost: true, aliases: ['nipost', 'nigerian postal service'] },

  // ── Asia ──
  {
    code: 'CN_CHINA_POST_EMS', name: 'China Post', country: 'CN', nationalPost: true,
    aliases: ['china post', 'chinapost', 'china ems', 'china post ems', 'epacket', 'e packet', 'china post registered air mail', 'china post air mail', 'ems'],
  },
  { code: 'EMS', name: 'EMS', aliases: ['ems', 'express mail service'] },
  { code: 'SF_EX', name: 'SF Express', aliases: ['sf express', '=sf', 'shunfeng', 'sf international'] },
  { code: 'YUNEXPRESS', name: 'YunExpress', aliases: ['yunexpress', 'yun express'] },
  { code: 'YANWEN', name: 'Yanwen', aliases: ['yanwen'] },
  { code: 'CAINIAO', name: 'Cainiao', aliases: ['cainiao', 'aliexpress standard shipping', 'aliexpress shipping', 'aliexpress'] },
  { code: 'FOUR_PX_EXPRESS', name: '4PX', aliases: ['4px', '4px express', 'four px'] },
  { code: 'CN_WISHPOST', name: 'WishPost', aliases: ['wishpost', 'wish post'] },
  { code: 'CN_YUNDA', name: 'Yunda Express', country: 'CN', aliases: ['yunda', 'yunda express'] },
  { code: 'CN_STO', name: 'STO Express', country: 'CN', aliases: ['=sto', 'sto express'] },
  { code: 'ZTO_EXPRESS', name: 'ZTO Express', aliases: ['zto', 'zto express'] },
  { code: 'YTO', name: 'YTO Express', aliases: ['yto', 'yto express'] },
  { code: 'JTEXPRESS', name: 'J&T Express', aliases: ['j t express', 'j and t express', 'jt express', 'j&t'] },
  { code: 'HK_POST', name: 'Hongkong Post', country: 'HK', nationalPost: true, aliases: ['hongkong post', 'hong kong post'] },
  { code: 'TW_TAIWAN_POST', name: 'Chunghwa Post', country: 'TW', nationalPost: true, aliases: ['chunghwa post', 'taiwan post'] },
  {
    code: 'JPN_JAPAN_POST', name: 'Japan Post', country: 'JP', nationalPost: true,
    aliases: ['japan post', 'jp post', 'nippon post', 'yu pack', 'yupack'],
    url: 'https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={number}&locale=en',
  },
  { code: 'YAMATO', name: 'Yamato Transport', country: 'JP', aliases: ['yamato', 'kuroneko', 'kuroneko yamato', 'ta q bin', 'taqbin'] },
  { code: 'SAGAWA', name: 'Sagawa Express', country: 'JP', aliases: ['sagawa', 'sagawa express'] },
  { code: 'KR_KOREA_POST', name: 'Korea Post', country: 'KR', nationalPost: true, aliases: ['korea post', 'epost korea'], url: 'https://service.epost.go.kr/trace.RetrieveEmsRigiTraceList.comm?POST_CODE={number}' },
  { code: 'SG_SG_POST', name: 'Singapore Post', country: 'SG', nationalPost: true, aliases: ['singpost', 'singapore post'] },
  { code: 'NINJAVAN_SG', name: 'Ninja Van Singapore', country: 'SG', aliases: ['ninja van', 'ninjavan'] },
  { code: 'NINJAVAN_MY', name: 'Ninja Van Malaysia', country: 'MY', aliases: ['ninja van', 'ninjavan'] },
  { code: 'MYS_MYS_POST', name: 'Pos Malaysia', country: 'MY', nationalPost: true, aliases: ['pos malaysia', 'poslaju', 'pos laju'] },
  { code: 'THA_THAILAND_POST', name: 'Thailand Post', country: 'TH', nationalPost: true, aliases: ['thailand post', 'thai post'] },
  { code: 'THA_KERRY', name: 'Kerry Express Thailand', country: 'TH', aliases: ['kerry express', '=kerry'] },
  { code: 'VNM_VIETNAM_POST', name: 'Vietnam Post', country: 'VN', nationalPost: true, aliases: ['vietnam post', 'vnpost'] },
  { code: 'IDN_POS', name: 'Pos Indonesia', country: 'ID', nationalPost: true, aliases: ['pos indonesia'] },
  { code: 'IDN_JNE', name: 'JNE', country: 'ID', aliases: ['jne', 'jne express'] },
  { code: 'KHM_CAMBODIA_POST', name: 'Cambodia Post', country: 'KH', nationalPost: true, aliases: ['cambodia post'] },
  { code: 'INDIA_POST', name: 'India Post', country: 'IN', nationalPost: true, aliases: ['india post', 'speed post', 'indiapost'] },
  { code: 'IND_DELHIVERY', name: 'Delhivery', country: 'IN', aliases: ['delhivery'], url: 'https://www.delhivery.com/track/package/{number}' },
  { code: 'BLUEDART', name: 'Blue Dart', country: 'IN', aliases: ['blue dart', 'bluedart'] },
  { code: 'XPRESSBEES', name: 'XpressBees', country: 'IN', aliases: ['xpressbees', 'xpress bees'] },

  // ── Oceania ──
  {
    code: 'AU_AU_POST', name: 'Australia Post', country: 'AU', nationalPost: true,
    aliases: ['australia post', 'auspost', 'aus post', 'australian post', '=mypost', 'my post business', '=express post'],
    url: 'https://auspost.com.au/mypost/track/details/{number}',
  },
  { code: 'STARTRACK', name: 'StarTrack', country: 'AU', aliases: ['startrack', 'star track'] },
  { code: 'SENDLE', name: 'Sendle', aliases: ['sendle'], url: 'https://track.sendle.com/tracking?ref={number}' },
  { code: 'COURIERS_PLEASE', name: 'CouriersPlease', country: 'AU', aliases: ['couriers please', 'couriersplease'] },
  { code: 'ARAMEX_AU', name: 'Aramex Australia', country: 'AU', aliases: ['aramex', 'aramex australia'] },
  { code: 'FASTWAY_AU', name: 'Fastway Australia', country: 'AU', aliases: ['fastway', 'fastway australia'] },
  { code: 'TOLL', name: 'Toll', aliases: ['=toll', 'toll ipec', 'toll priority'] },
  { code: 'NZ_NZ_POST', name: 'NZ Post', country: 'NZ', nationalPost: true, aliases: ['nz post', 'new zealand post'] },
  { code: 'COURIER_POST', name: 'CourierPost', country: 'NZ', aliases: ['courierpost', 'courier post'] },
  { code: 'FASTWAY_NZ', name: 'Aramex New Zealand (Fastway)', country: 'NZ', aliases: ['fastway', 'aramex', 'aramex nz'] },

  // ── Latin America ──
  { code: 'CORREOS_DE_MEXICO', name: 'Correos de México', country: 'MX', nationalPost: true, aliases: ['correos de mexico', '=sepomex', 'mexpost'] },
  { code: 'MEX_ESTAFETA', name: 'Estafeta', country: 'MX', aliases: ['estafeta'] },
  { code: 'MEX_REDPACK', name: 'Redpack', country: 'MX', aliases: ['redpack'] },
  { code: 'BRA_CORREIOS', name: 'Correios', country: 'BR', nationalPost: true, aliases: ['correios', 'correios brasil', 'correios brazil', 'sedex'] },
  { code: 'JADLOG', name: 'Jadlog', country: 'BR', aliases: ['jadlog'] },
  { code: 'LOGGI', name: 'Loggi', country: 'BR', aliases: ['loggi'] },
  { code: 'ARG_OCA', name: 'OCA', country: 'AR', aliases: ['=oca', 'oca argentina'] },
];

/**
 * Words a merchant's carrier text uses to name a country ("DPD UK", "GLS Italia"): they pick a brand's
 * country variant. ISO codes of the table's countries count too (lower-cased, as whole words).
 */
export const COUNTRY_WORDS: Readonly<Record<string, string>> = {
  uk: 'GB', 'united kingdom': 'GB', britain: 'GB', 'great britain': 'GB', england: 'GB', scotland: 'GB', wales: 'GB',
  usa: 'US', 'united states': 'US', america: 'US',
  germany: 'DE', deutschland: 'DE', france: 'FR', italy: 'IT', italia: 'IT', spain: 'ES', espana: 'ES',
  netherlands: 'NL', nederland: 'NL', holland: 'NL', belgium: 'BE', belgique: 'BE', poland: 'PL', polska: 'PL',
  austria: 'AT', osterreich: 'AT', switzerland: 'CH', schweiz: 'CH', ireland: 'IE', portugal: 'PT',
  sweden: 'SE', denmark: 'DK', norway: 'NO', finland: 'FI', czech: 'CZ', hungary: 'HU', romania: 'RO',
  canada: 'CA', australia: 'AU', 'new zealand': 'NZ', japan: 'JP', china: 'CN', 'hong kong': 'HK',
  singapore: 'SG', malaysia: 'MY', thailand: 'TH', india: 'IN', mexico: 'MX', brazil: 'BR', 'south africa': 'ZA',
};
