import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockedRange, isLocalhostName } from './blocked-range.js';

const blocked: Array<[string, string]> = [
  ['0.0.0.0', '"this network"'],
  ['10.1.2.3', 'private'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.254', 'carrier-grade NAT'],
  ['100.100.100.200', 'carrier-grade NAT'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.1.1', 'link-local'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.0.0.192', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['[::1]', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fc00::1', 'unique local (private)'],
  ['fdff:ffff::1', 'unique local (private)'],
  ['fd00:ec2::254', 'cloud metadata'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['ff02::1', 'multicast'],
  ['::ffff:127.0.0.1', 'loopback (IPv4-mapped 127.0.0.1)'],
  ['::ffff:7f00:1', 'loopback (IPv4-mapped 127.0.0.1)'],
  ['::ffff:a9fe:a9fe', 'cloud metadata (IPv4-mapped 169.254.169.254)'],
  ['::ffff:0:10.0.0.1', 'private (IPv4-translated 10.0.0.1)'],
  ['64:ff9b::127.0.0.1', 'loopback (NAT64 127.0.0.1)'],
  ['64:ff9b::a9fe:a9fe', 'cloud metadata (NAT64 169.254.169.254)'],
  ['64:ff9b:1::8.8.8.8', 'local-use NAT64'],
  ['2002:c0a8:101::1', 'private (6to4 192.168.1.1)'],
  ['::127.0.0.1', 'IPv4-compatible (deprecated)'],
  ['2001:0:4136:e378::1', 'IETF special-purpose (Teredo, benchmarking…)'],
  ['2001:db8::1', 'documentation'],
];

const allowed = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.216.34',
  '100.63.255.255',
  '100.128.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '169.253.255.255',
  '192.169.0.1',
  '198.20.0.1',
  '223.255.255.255',
  '11.0.0.1',
  '2606:4700:4700::1111',
  '2a00:1450:4001:82b::200e',
  '::ffff:8.8.8.8',
  '::ffff:808:808',
  '64:ff9b::8.8.8.8',
  '2002:808:808::1',
  '2001:200::1',
  'fbff::1',
  'fe7f::1',
];

test('blocked addresses name their range', () => {
  for (const [address, range] of blocked) assert.equal(blockedRange(address), range, address);
});

test('public unicast addresses pass, right next to the blocked ranges', () => {
  for (const address of allowed) assert.equal(blockedRange(address), undefined, address);
});

test('text that is not an IP address is an error, not a pass', () => {
  for (const text of ['localhost', 'example.com', '127.1', '', '1.2.3.4.5', ':::1'])
    assert.throws(() => blockedRange(text), TypeError, text);
});

test('localhost names', () => {
  for (const name of ['localhost', 'LOCALHOST', 'localhost.', 'api.localhost'])
    assert.equal(isLocalhostName(name), true, name);
  for (const name of ['localhost.example.com', 'mylocalhost', 'example.com'])
    assert.equal(isLocalhostName(name), false, name);
});
