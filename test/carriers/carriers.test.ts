import fc from 'fast-check';
import { carrierName, nationalPostCode, normalizeCarrier, normalizeText, trackingUrl } from '../../carriers/carriers';

// What merchants' tools put in a carrier field (brand spellings, service names) → PayPal code.
const NAMES: ReadonlyArray<readonly [string, string]> = [
  // USPS and its services
  ['usps', 'USPS'],
  ['USPS', 'USPS'],
  ['U.S.P.S.', 'USPS'],
  [' u s p s ', 'USPS'],
  ['USPS Ground Advantage', 'USPS'],
  ['Ground Advantage', 'USPS'],
  ['USPS Priority Mail', 'USPS'],
  ['Priority Mail Express', 'USPS'],
  ['priority-mail', 'USPS'],
  ['First-Class Package Service', 'USPS'],
  ['First Class Mail', 'USPS'],
  ['Media Mail', 'USPS'],
  ['Parcel Select', 'USPS'],
  ['United States Postal Service', 'USPS'],
  ['US Postal Service', 'USPS'],
  ['U.S. Mail', 'USPS'],
  ['USPS Certified Mail', 'USPS'],
  ['Priority Mail International', 'USPS'],
  // UPS
  ['ups', 'UPS'],
  ['UPS', 'UPS'],
  ['U.P.S.', 'UPS'],
  ['UPS Ground', 'UPS'],
  ['UPS Next Day Air', 'UPS'],
  ['UPS 2nd Day Air', 'UPS'],
  ['UPS SurePost', 'UPS'],
  ['UPS Worldwide Express', 'UPS'],
  ['United Parcel Service', 'UPS'],
  ['UPS® Ground Saver', 'UPS'],
  ['UPS Mail Innovations', 'UPS_MAIL_INNOVATIONS'],
  ['Next Day Air Saver', 'UPS'],
  ['3 Day Select', 'UPS'],
  // FedEx
  ['fedex', 'FEDEX'],
  ['FedEx', 'FEDEX'],
  ['Fed Ex', 'FEDEX'],
  ['Fed-Ex', 'FEDEX'],
  ['FEDEX GROUND', 'FEDEX'],
  ['FedEx Home Delivery', 'FEDEX'],
  ['FedEx Express', 'FEDEX'],
  ['FedEx SmartPost', 'FEDEX'],
  ['FedEx Ground Economy', 'FEDEX'],
  ['Federal Express', 'FEDEX'],
  ['FedEx International Priority', 'FEDEX'],
  ['Priority Overnight', 'FEDEX'],
  ['FedEx 2Day', 'FEDEX'],
  ['FedEx UK', 'FEDEX_UK'],
  // DHL
  ['DHL', 'DHL'],
  ['dhl express', 'DHL'],
  ['DHL Express Worldwide', 'DHL'],
  ['DHL eCommerce', 'DHL_GLOBAL_MAIL'],
  ['DHL e-Commerce', 'DHL_GLOBAL_MAIL'],
  ['DHL Global Mail', 'DHL_GLOBAL_MAIL'],
  ['DHL SmartMail', 'DHL_GLOBAL_MAIL'],
  ['DHL Paket', 'DE_DHL'],
  ['DHL Germany', 'DE_DHL'],
  ['DHL Parcel UK', 'DHLPARCEL_UK'],
  ['DHL Freight', 'DHL_FREIGHT'],
  ['DHL eCommerce Asia', 'DHL_GLOBAL_MAIL_ASIA'],
  ['DHL Parcel NL', 'DHL_PARCEL_NL'],
  // UK and Ireland
  ['Royal Mail', 'ROYAL_MAIL'],
  ['royalmail', 'ROYAL_MAIL'],
  ['Royal Mail Tracked 24', 'ROYAL_MAIL'],
  ['Tracked 48', 'ROYAL_MAIL'],
  ['Royal Mail Special Delivery Guaranteed', 'ROYAL_MAIL'],
  ['Royal Mail Signed For', 'ROYAL_MAIL'],
  ['Special Delivery', 'ROYAL_MAIL'],
  ['Royal Mail International Tracked', 'ROYAL_MAIL'],
  ['Parcelforce', 'PARCELFORCE'],
  ['Parcel Force', 'PARCELFORCE'],
  ['Parcelforce Worldwide express48', 'PARCELFORCE'],
  ['Evri', 'MYHERMES'],
  ['EVRi', 'MYHERMES'],
  ['myHermes', 'MYHERMES'],
  ['Hermes UK', 'MYHERMES'],
  ['DPD UK', 'DPD_UK'],
  ['DPD Local', 'DPD_LOCAL'],
  ['Interlink Express', 'DPD_LOCAL'],
  ['Yodel', 'UK_YODEL'],
  ['APC Overnight', 'GB_APC'],
  ['An Post', 'AN_POST'],
  ['InPost UK', 'INPOST_UK'],
  // Germany, Austria, Switzerland
  ['Deutsche Post', 'DEUTSCHE_DE'],
  ['deutsche-post', 'DEUTSCHE_DE'],
  ['Deutsche Post Warenpost', 'DEUTSCHE_DE'],
  ['Hermes Germany', 'HERMES_DE'],
  ['DPD Germany', 'DPD_DE'],
  ['DPD Deutschland', 'DPD_DE'],
  ['GLS Germany', 'GLS_DE'],
  ['Österreichische Post', 'AU_AUSTRIAN_POST'],
  ['Austrian Post', 'AU_AUSTRIAN_POST'],
  ['Swiss Post', 'SWISS_POST'],
  ['Die Post', 'SWISS_POST'],
  // France, Benelux
  ['La Poste', 'LA_POSTE_SUIVI'],
  ['LaPoste', 'LA_POSTE_SUIVI'],
  ['Colissimo', 'FR_COLISSIMO'],
  ['Chronopost', 'CHRONOPOST_FR'],
  ['Colis Privé', 'COLIS_PRIVE'],
  ['Mondial Relay', 'MONDIALRELAY_FR'],
  ['Relais Colis', 'RELAISCOLIS'],
  ['DPD France', 'DPD_FR'],
  ['PostNL', 'NLD_POSTNL'],
  ['Post NL', 'NLD_POSTNL'],
  ['PostNL International', 'POSTNL_INTERNATIONAL'],
  ['bpost', 'BE_BPOST'],
  ['Belgian Post', 'BE_BPOST'],
  ['TNT', 'TNT'],
  ['TNT Express', 'TNT'],
  // Southern Europe
  ['Poste Italiane', 'IT_POSTE_ITALIA'],
  ['BRT', 'BRT_IT'],
  ['Bartolini', 'BRT_IT'],
  ['SDA', 'SDA_IT'],
  ['GLS Italia', 'GLS_IT'],
  ['GLS Italy', 'GLS_IT'],
  ['Correos', 'CORREOS_ES'],
  ['Correos de España', 'CORREOS_ES'],
  ['Correos Express', 'CORREOS_EXPRESS'],
  ['SEUR', 'SEUR_ES'],
  ['MRW', 'MRW'],
  ['CTT', 'PRT_CTT'],
  ['CTT Expresso', 'PRT_CTT'],
  ['ELTA', 'ELTA_GR'],
  // Nordics, Central & Eastern Europe
  ['PostNord', 'POSTNORD_LOGISTICS'],
  ['Posten Norge', 'POSTEN_NORGE'],
  ['Bring', 'BRING'],
  ['Posti', 'POSTI'],
  ['Poczta Polska', 'PL_POCZTA_POLSKA'],
  ['InPost', 'INPOST_PACZKOMATY'],
  ['Paczkomaty', 'INPOST_PACZKOMATY'],
  ['DPD Polska', 'DPD_POLAND'],
  ['Packeta', 'PACKETA'],
  ['Zásilkovna', 'PACKETA'],
  ['Česká pošta', 'CESKA_CZ'],
  ['Magyar Posta', 'MAGYAR_HU'],
  ['Poșta Română', 'POSTA_RO'],
  ['FAN Courier', 'FAN'],
  ['Omniva', 'OMNIVA'],
  ['Russian Post', 'RUSSIAN_POST'],
  ['CDEK', 'CDEK'],
  ['Nova Poshta', 'NOVA_POSHTA'],
  ['Ukrposhta', 'POSTA_UKR'],
  // Americas
  ['Canada Post', 'CA_CANADA_POST'],
  ['Postes Canada', 'CA_CANADA_POST'],
  ['Xpresspost', 'CA_CANADA_POST'],
  ['Purolator', 'PUROLATOR'],
  ['Canpar', 'CANPAR'],
  ['Loomis Express', 'LOOMIS_EXPRESS'],
  ['Chit Chats', 'CHITCHATS'],
  ['Intelcom', 'INTELCOM_CA'],
  ['OnTrac', 'ONTRAC'],
  ['LaserShip', 'US_LASERSHIP'],
  ['Amazon', 'AMAZON'],
  ['Amazon Logistics', 'AMAZON'],
  ['AMZL', 'AMAZON'],
  ['amazon.com', 'AMAZON'],
  ['Amazon Shipping', 'AMAZON'],
  ['Spee-Dee Delivery', 'SPEEDEE'],
  ['Veho', 'VEHO'],
  ['UniUni', 'UNIUNI'],
  ['OSM Worldwide', 'OSM_WORLDWIDE'],
  ['Pitney Bowes', 'PITNEY_BOWES'],
  ['Asendia USA', 'ASENDIA_US'],
  ['Estes', 'GLOBAL_ESTES'],
  ['Old Dominion', 'US_OLD_DOMINION'],
  ['R+L Carriers', 'RL_US'],
  ['Saia', 'SAIA_FREIGHT'],
  ['XPO Logistics', 'XPO_LOGISTICS'],
  ['Correos de México', 'CORREOS_DE_MEXICO'],
  ['Estafeta', 'MEX_ESTAFETA'],
  ['Correios', 'BRA_CORREIOS'],
  ['SEDEX', 'BRA_CORREIOS'],
  ['Jadlog', 'JADLOG'],
  // Asia, Oceania, Middle East, Africa
  ['China Post', 'CN_CHINA_POST_EMS'],
  ['ePacket', 'CN_CHINA_POST_EMS'],
  ['China EMS', 'CN_CHINA_POST_EMS'],
  ['EMS', 'EMS'],
  ['SF Express', 'SF_EX'],
  ['YunExpress', 'YUNEXPRESS'],
  ['Yanwen', 'YANWEN'],
  ['AliExpress Standard Shipping', 'CAINIAO'],
  ['Cainiao', 'CAINIAO'],
  ['4PX', 'FOUR_PX_EXPRESS'],
  ['J&T Express', 'JTEXPRESS'],
  ['ZTO Express', 'ZTO_EXPRESS'],
  ['Japan Post', 'JPN_JAPAN_POST'],
  ['Yamato', 'YAMATO'],
  ['Sagawa Express', 'SAGAWA'],
  ['Korea Post', 'KR_KOREA_POST'],
  ['Hongkong Post', 'HK_POST'],
  ['Singapore Post', 'SG_SG_POST'],
  ['SingPost', 'SG_SG_POST'],
  ['Pos Laju', 'MYS_MYS_POST'],
  ['Thailand Post', 'THA_THAILAND_POST'],
  ['India Post', 'INDIA_POST'],
  ['Speed Post', 'INDIA_POST'],
  ['Delhivery', 'IND_DELHIVERY'],
  ['Blue Dart', 'BLUEDART'],
  ['Australia Post', 'AU_AU_POST'],
  ['AusPost', 'AU_AU_POST'],
  ['Express Post', 'AU_AU_POST'],
  ['StarTrack', 'STARTRACK'],
  ['Sendle', 'SENDLE'],
  ['CouriersPlease', 'COURIERS_PLEASE'],
  ['Aramex', 'ARAMEX'],
  ['Toll', 'TOLL'],
  ['NZ Post', 'NZ_NZ_POST'],
  ['New Zealand Post', 'NZ_NZ_POST'],
  ['CourierPost', 'COURIER_POST'],
  ['Emirates Post', 'ARE_EMIRATES_POST'],
  ['SMSA Express', 'SMSA_EXPRESS'],
  ['Israel Post', 'ISRAEL_POST'],
  ['PTT', 'PTT_POST'],
  ['Yurtiçi Kargo', 'YURTICI_KARGO'],
  ['South African Post Office', 'SOUTH_AFRICAN_POST_OFFICE'],
  // PayPal codes typed as such pass through, in any case
  ['DE_DHL', 'DE_DHL'],
  ['de_dhl', 'DE_DHL'],
  ['DHL_UK', 'DHL_UK'],
  ['DPD_RU', 'DPD_RU'],
  ['CA_CANADA_POST', 'CA_CANADA_POST'],
  ['ROYAL_MAIL', 'ROYAL_MAIL'],
  ['US_LASERSHIP', 'US_LASERSHIP'],
  ['AU_AU_POST', 'AU_AU_POST'],
  ['PUROLATOR', 'PUROLATOR'],
  ['BOND', 'BOND'],
  ['3PE_EXPRESS', '3PE_EXPRESS'],
];

// One name, several codes: a country named in the text, else the `country` option, else the global code.
const COUNTRY_HINTS: ReadonlyArray<readonly [string, string | undefined, string]> = [
  ['DPD', undefined, 'DPD'],
  ['DPD', 'GB', 'DPD_UK'],
  ['DPD', 'de', 'DPD_DE'],
  ['DPD', 'FR', 'DPD_FR'],
  ['DPD', 'NL', 'DPD_NL'],
  ['DPD', 'PL', 'DPD_POLAND'],
  ['DPD', 'IE', 'DPD_IR'],
  ['DPD', 'US', 'DPD'],
  ['DPD DE', undefined, 'DPD_DE'],
  ['DPD UK', 'DE', 'DPD_UK'],
  ['DPD Ireland', undefined, 'DPD_IR'],
  ['GLS', undefined, 'GLS'],
  ['GLS', 'IT', 'GLS_IT'],
  ['GLS', 'ES', 'GLS_ES'],
  ['GLS', 'NL', 'NLD_GLS'],
  ['GLS Spain', undefined, 'GLS_ES'],
  ['GLS France', 'DE', 'GLS_FR'],
  ['DHL', undefined, 'DHL'],
  ['DHL', 'DE', 'DE_DHL'],
  ['DHL', 'GB', 'DHLPARCEL_UK'],
  ['DHL', 'NL', 'DHL_PARCEL_NL'],
  ['DHL', 'US', 'DHL'],
  ['DHL DE', undefined, 'DE_DHL'],
  ['DHL Express', 'DE', 'DHL'],
  ['DHL Parcel', 'GB', 'DHLPARCEL_UK'],
  ['DHL Parcel', 'ES', 'DHL_PARCEL_ES'],
  ['Hermes', undefined, 'HERMES'],
  ['Hermes', 'GB', 'MYHERMES'],
  ['Hermes', 'DE', 'HERMES_DE'],
  ['Hermes', 'IT', 'HERMES_IT'],
  ['Post', 'DE', 'DEUTSCHE_DE'],
  ['Post', 'GB', 'ROYAL_MAIL'],
  ['Post', 'US', 'USPS'],
  ['Post', 'FR', 'LA_POSTE_SUIVI'],
  ['Post', 'CA', 'CA_CANADA_POST'],
  ['Post', 'AU', 'AU_AU_POST'],
  ['Post', 'JP', 'JPN_JAPAN_POST'],
  ['Post', 'CH', 'SWISS_POST'],
  ['Postal Service', 'IT', 'IT_POSTE_ITALIA'],
  ['Mail', 'NZ', 'NZ_NZ_POST'],
  ['Post Office', 'IE', 'AN_POST'],
  ['EMS', 'CN', 'CN_CHINA_POST_EMS'],
  ['Aramex', 'AU', 'ARAMEX_AU'],
  ['Aramex', 'NZ', 'FASTWAY_NZ'],
  ['Fastway', 'AU', 'FASTWAY_AU'],
  ['Fastway Ireland', undefined, 'FASTWAY_IR'],
  ['InPost', 'GB', 'INPOST_UK'],
  ['PostNord', 'SE', 'SWE_POSTNORD'],
  ['PostNord', 'DK', 'POSTNORD_LOGISTICS_DK'],
  ['Chronopost', 'PT', 'PRT_CHRONOPOST'],
  ['Mondial Relay', 'ES', 'MONDIALRELAY_ES'],
  ['Ninja Van', 'SG', 'NINJAVAN_SG'],
  ['TNT', 'GB', 'TNT_UK'],
  ['Asendia', 'GB', 'ASENDIA_UK'],
  ['APC', 'US', 'US_APC'],
  ['APC', 'GB', 'GB_APC'],
  ['Post', undefined, 'OTHER'],
  ['Local post van', 'DE', 'OTHER'],
  // A name that is not a variant choice is not changed by a country: USPS stays USPS for a UK merchant.
  ['USPS', 'GB', 'USPS'],
  ['Royal Mail', 'US', 'ROYAL_MAIL'],
  ['Canada Post', 'DE', 'CA_CANADA_POST'],
];

// Not a carrier we can name with certainty → OTHER with the merchant's own text, never another carrier.
const UNKNOWN: readonly string[] = [
  "Bob's Courier",
  'Local van',
  'Post',
  'Mail',
  'Express',
  'Courier',
  'Fastway',
  'DHL Parcel',
  'APC',
  'Ninja Van',
  'First Class',
  'Canada Post or UPS',
  'UPS / FedEx',
  'Deutsche Post DHL',
  'other',
  'OTHER',
  'Pickup in store',
  'NOT_A_PAYPAL_CODE',
  'Bring it yourself',
  'Special delivery by our van',
  'Toll road courier',
];

describe('normalizeCarrier', () => {
  test(`table of ${NAMES.length + COUNTRY_HINTS.length + UNKNOWN.length} names has at least 150 rows`, () => {
    expect(NAMES.length + COUNTRY_HINTS.length + UNKNOWN.length).toBeGreaterThanOrEqual(150);
  });

  test.each(NAMES)('%j → %s', (text, code) => {
    expect(normalizeCarrier(text)).toEqual({ code, name: carrierName(code), known: true });
  });

  test.each(COUNTRY_HINTS)('%j with country %s → %s', (text, country, code) => {
    expect(normalizeCarrier(text, { country })?.code).toBe(code);
  });

  test.each(UNKNOWN)("%j → OTHER with the merchant's own text", (text) => {
    expect(normalizeCarrier(`  ${text} `)).toEqual({ code: 'OTHER', name: text, known: false });
  });

  test.each(['', '   ', null, undefined])('blank %j → null (detect from the number instead)', (text) => {
    expect(normalizeCarrier(text)).toBeNull();
  });

  describe('carrier_overrides (applied before the table)', () => {
    const overrides = {
      'Shopify Shipping': 'USPS',
      'Our van': 'OTHER',
      DHL: 'DHL_GLOBAL_MAIL', // the merchant's "DHL" is DHL eCommerce
      'Fast Co.': 'Fast Co Couriers Ltd', // not a code: the name shown to the buyer
      'Next day': 'Royal Mail',
      Weird: 'de_dhl',
    };
    test.each([
      ['Shopify Shipping', { code: 'USPS', name: 'USPS', known: true }],
      ['shopify-shipping', { code: 'USPS', name: 'USPS', known: true }],
      ['Our Van', { code: 'OTHER', name: 'Our Van', known: false }],
      ['DHL', { code: 'DHL_GLOBAL_MAIL', name: 'DHL eCommerce', known: true }],
      ['Fast Co.', { code: 'OTHER', name: 'Fast Co Couriers Ltd', known: false }],
      ['Next day', { code: 'ROYAL_MAIL', name: 'Royal Mail', known: true }],
      ['Weird', { code: 'DE_DHL', name: 'DHL Paket (Germany)', known: true }],
      ['DHL Express', { code: 'DHL', name: 'DHL Express', known: true }], // only the exact name is overridden
      ['UPS', { code: 'UPS', name: 'UPS', known: true }],
    ] as const)('%j', (text, expected) => {
      expect(normalizeCarrier(text, { overrides })).toEqual(expected);
    });

    test('blank or non-text override values are ignored', () => {
      expect(normalizeCarrier('UPS', { overrides: { UPS: '', ups: 42 } })?.code).toBe('UPS');
    });
  });
});

describe('carrierName', () => {
  test.each([
    ['USPS', 'USPS'],
    ['DE_DHL', 'DHL Paket (Germany)'],
    ['AU_AU_POST', 'Australia Post'],
    ['DPD_RU', 'DPD RU'],
    ['OTHER', null],
    ['NOPE', null],
  ] as const)('%s → %j', (code, name) => {
    expect(carrierName(code)).toBe(name);
  });
});

describe('trackingUrl', () => {
  test.each([
    ['USPS', '9400111202555842332669', 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669'],
    ['UPS', '1Z999AA10123456784', 'https://www.ups.com/track?tracknum=1Z999AA10123456784'],
    ['FEDEX', '986578788855', 'https://www.fedex.com/fedextrack/?trknbr=986578788855'],
    ['DHL', '3318810025', 'https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=3318810025'],
    ['ROYAL_MAIL', 'AA473124829GB', 'https://www.royalmail.com/track-your-item#/tracking-results/AA473124829GB'],
    ['CA_CANADA_POST', '0073938000549297', 'https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=0073938000549297'],
    ['AU_AU_POST', 'RB123456785AU', 'https://auspost.com.au/mypost/track/details/RB123456785AU'],
    ['DE_DHL', '00340434161094042557', 'https://www.dhl.de/de/privatkunden/pakete-empfangen/verfolgen.html?piececode=00340434161094042557'],
    ['UPS', ' 1Z 999/AA1&x=1 ', 'https://www.ups.com/track?tracknum=1Z%20999%2FAA1%26x%3D1'],
  ] as const)('%s %j', (code, number, url) => {
    expect(trackingUrl(code, number)).toBe(url);
  });

  test.each([
    ['OTHER', '123'],
    ['NOPE', '123'],
    ['SWISS_POST', '123'],
    ['USPS', '  '],
  ] as const)('%s %j → null', (code, number) => {
    expect(trackingUrl(code, number)).toBeNull();
  });
});

describe('nationalPostCode', () => {
  test.each([
    ['GB', 'ROYAL_MAIL'],
    ['us', 'USPS'],
    ['DE', 'DEUTSCHE_DE'],
    ['AU', 'AU_AU_POST'],
    ['AT', 'AU_AUSTRIAN_POST'],
    ['XX', null],
  ] as const)('%s → %s', (country, code) => {
    expect(nationalPostCode(country)).toBe(code);
  });
});

describe('normalizeText', () => {
  // The documented steps, one after another: what the fast path for already-normal text must agree with.
  const stepByStep = (text: string) =>
    text
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/[.'’]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .replace(/\b[a-z](?: [a-z]\b)+/g, (letters) => letters.replace(/ /g, ''));

  it.each([
    ['usps', 'usps'],
    ['u s p s', 'usps'],
    ['x u s mail', 'xus mail'],
    ['ab c', 'ab c'],
    ['4 x 4', '4 x 4'],
    ['U.S.P.S.', 'usps'],
    ['R&L', 'r and l'],
    ['  dpd  uk ', 'dpd uk'],
    ['Colissimo Accès', 'colissimo acces'],
    ["O'Neil", 'oneil'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeText(text)).toBe(expected);
    expect(stepByStep(text)).toBe(expected);
  });

  it('agrees with the step-by-step rules on any text, and is idempotent', () => {
    const letters = fc.constantFrom('a', 'b', 'z', '0', '7', ' ', ' ', '.', '&', '-', "'", 'É', 'é', '\u0301', 'ß', '\t');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: letters, maxLength: 14 }), fc.string({ maxLength: 14 })), (text) => {
        const normal = normalizeText(text);
        expect(normal).toBe(stepByStep(text));
        expect(normalizeText(normal)).toBe(normal);
      }),
      { seed: 20261126, numRuns: 3000 },
    );
  });
});
