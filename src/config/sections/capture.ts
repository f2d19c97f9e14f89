// The `capture` section: where HEP arrives, what each row is tagged with, and how rows
// are batched, queued and spooled on their way to the store.
import { bool, int, list, oneOf, regex, section, text } from '../section.js';

/** The capture role's listeners, tags and write pipeline. */
export const captureSection = section({
  name: 'capture',
  help: 'the capture role: listeners, tags on each message, batching, queue and spool',
  keys: {
    hepUdp: list({ item: 'hostport', default: ['127.0.0.1:9060'], help: 'UDP addresses receiving HEP (empty: none); an address other hosts reach needs allowNetworks or authKey (or openIngest)' }),
    hepTcp: list({ item: 'hostport', default: ['127.0.0.1:9060'], help: 'TCP addresses receiving HEP3 streams (empty: none); as hepUdp' }),
    hepTls: list({ item: 'hostport', default: [], help: 'TLS addresses receiving HEP3 streams (needs tlsCert and tlsKey)' }),
    tcpMaxPerAddress: int({ min: 1, max: 1024, default: 16, help: 'HEP TCP/TLS connections one sender address may hold at once (of 1,024 per listener); more are refused and counted' }),
    tcpIdleSec: int({ min: 5, max: 86_400, default: 120, help: 'a HEP TCP/TLS connection that sends nothing for this long is closed (agents reconnect)' }),
    tlsCert: text({ default: '', help: 'PEM certificate file of the TLS listener' }),
    tlsKey: text({ default: '', help: 'PEM private key file of the TLS listener' }),
    location: text({ nonEmpty: true, default: 'default', help: 'name of this capture point, stored with every message' }),
    nodeName: text({ default: '', help: 'name of this capture node (empty: the host name)' }),
    authKey: text({ default: '', help: 'HEP auth key every packet must carry (empty: none required)' }),
    allowNetworks: list({ item: 'cidr', default: [], help: 'sender networks allowed to send HEP or IP-in-IP, e.g. 10.0.0.0/8 (empty: all, which a listener other hosts reach only accepts with authKey or openIngest)' }),
    openIngest: bool({ default: false, help: 'take SIP on addresses other hosts reach with neither allowNetworks nor authKey (from anyone; logged as a warning at every start)' }),
    ipipInterface: text({ default: '', help: 'interface to read IP-in-IP mirrored SIP from with libpcap (empty: off)' }),
    correlationHeaders: list({ default: ['X-CID'], help: 'SIP headers whose value links B2B legs' }),
    extraHeaders: list({ default: [], help: 'further SIP headers stored with each message and searchable' }),
    b2bSuffix: regex({ default: '_b2b-\\d+$', help: 'regular expression of a Call-ID suffix added by a B2BUA (empty: none)' }),
    maxMessageBytes: int({ min: 1500, max: 65_536, default: 65_536, help: 'largest SIP message stored' }),
    batchSize: int({ min: 1, max: 10_000, default: 200, help: 'rows written per batch' }),
    flushMs: int({ min: 1, max: 60_000, default: 50, help: 'longest a row waits before its batch is written' }),
    maxQueue: int({ min: 100, max: 10_000_000, default: 100_000, help: 'rows held in memory before new ones go to the spool' }),
    writeConcurrency: int({ min: 1, max: 1024, default: 64, help: 'Cassandra requests in flight' }),
    spoolDir: text({ nonEmpty: true, default: '.siptrail/spool', help: 'folder of the on-disk spool used while Cassandra is slow or down' }),
    spoolMaxMb: int({ min: 1, max: 1_000_000, default: 2048, help: 'spool size limit; beyond it rows are dropped and counted' }),
    spoolFsync: oneOf({ values: ['always', 'interval', 'never'], default: 'interval', help: 'fsync the spool after every append, once a second, or never' }),
  },
});
