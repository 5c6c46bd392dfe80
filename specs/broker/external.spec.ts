import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, type Kafka } from 'kafkajs';
import { fileURLToPath } from 'node:url';
import type { RunningBroker } from '../../lib/broker/broker.js';
import { DEBIAN_PYTHON, IN_CI, runTool, toolAvailable } from './external.js';
import { consumeAll, kafkaFor, testBroker } from './helpers.js';

const HAS_KCAT = toolAvailable('kcat', ['-V']);
const HAS_PYTHON_CLIENTS = toolAvailable(DEBIAN_PYTHON, ['-c', 'import confluent_kafka, kafka']);
const CONFLUENT_EOS = fileURLToPath(new URL('./clients/confluent_eos.py', import.meta.url));
const KAFKA_PYTHON_CONSUME = fileURLToPath(new URL('./clients/kafka_python_consume.py', import.meta.url));
const KAFKA_PYTHON_GROUP = fileURLToPath(new URL('./clients/kafka_python_group.py', import.meta.url));

interface KcatRecord {
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers?: readonly string[];
}

interface KafkaPythonRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: string[][];
}

describe.skipIf(!IN_CI && !(HAS_KCAT && HAS_PYTHON_CLIENTS))(
  `broker with independent clients: kcat (librdkafka), python3-confluent-kafka, kafka-python${HAS_KCAT && HAS_PYTHON_CLIENTS ? '' : ' [skipped: install kcat python3-confluent-kafka python3-kafka]'}`,
  () => {
    let broker: RunningBroker;
    let kafka: Kafka;

    const kcat = async (args: readonly string[], input = ''): Promise<string> => {
      const run = await runTool('kcat', ['-b', broker.address, ...args], input);
      if (run.code !== 0) throw new Error(`kcat ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
      return run.stdout;
    };
    const kcatRead = async (topic: string, ...extra: string[]): Promise<KcatRecord[]> => {
      const out = await kcat(['-C', '-t', topic, '-e', '-o', 'beginning', '-J', '-X', 'check.crcs=true', ...extra]);
      return out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as KcatRecord);
    };
    const kafkaPythonRead = async (topic: string): Promise<KafkaPythonRecord[]> => {
      const run = await runTool(DEBIAN_PYTHON, [KAFKA_PYTHON_CONSUME, broker.address, topic], '', 45_000);
      if (run.code !== 0) throw new Error(`kafka-python failed: ${run.stderr}`);
      return JSON.parse(run.stdout) as KafkaPythonRecord[];
    };

    beforeAll(async () => {
      if (!HAS_KCAT || !HAS_PYTHON_CLIENTS) {
        throw new Error('CI needs kcat, python3-confluent-kafka and python3-kafka (apt-get install -y kcat python3-confluent-kafka python3-kafka)');
      }
      broker = await testBroker();
      kafka = kafkaFor(broker);
    });

    afterAll(async () => {
      await broker?.close();
    });

    it('kcat lists metadata: this node as broker and controller, topics with partitions', async () => {
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 'ext-meta', numPartitions: 3 }] });
      await admin.disconnect();
      const meta = JSON.parse(await kcat(['-L', '-J'])) as { controllerid: number; brokers: { id: number; name: string }[]; topics: { topic: string; partitions: unknown[] }[] };
      expect(meta.controllerid).toBe(1);
      expect(meta.brokers).toEqual([{ id: 1, name: broker.address }]);
      expect(meta.topics.find((t) => t.topic === 'ext-meta')?.partitions).toHaveLength(3);
    });

    it('kcat and kafka-python read what kafkajs wrote (keys, headers, gzip) with CRC checks', async () => {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'ext-kafkajs', messages: [{ key: 'k1', value: 'plain', headers: { h: 'v' } }] });
      await producer.send({ topic: 'ext-kafkajs', compression: CompressionTypes.GZIP, messages: [{ key: 'k2', value: 'zipped' }, { key: null, value: 'zipped-2' }] });
      await producer.disconnect();
      const viaKcat = await kcatRead('ext-kafkajs');
      expect(viaKcat.map((r) => [r.offset, r.key, r.payload])).toEqual([[0, 'k1', 'plain'], [1, 'k2', 'zipped'], [2, null, 'zipped-2']]);
      expect(viaKcat[0]?.headers).toEqual(['h', 'v']);
      const viaPython = await kafkaPythonRead('ext-kafkajs');
      expect(viaPython).toEqual([
        { partition: 0, offset: 0, key: 'k1', value: 'plain', headers: [['h', 'v']] },
        { partition: 0, offset: 1, key: 'k2', value: 'zipped', headers: [] },
        { partition: 0, offset: 2, key: null, value: 'zipped-2', headers: [] },
      ]);
    });

    it('stores kcat batches in every codec unchanged, readable by kcat and kafka-python', async () => {
      for (const codec of ['none', 'gzip', 'snappy', 'lz4', 'zstd']) {
        await kcat(['-P', '-t', 'ext-codecs', '-K', ':', '-z', codec], `${codec}:${codec}-a\n${codec}:${codec}-b\n`);
      }
      const expected = ['none', 'gzip', 'snappy', 'lz4', 'zstd'].flatMap((c) => [`${c}-a`, `${c}-b`]);
      expect((await kcatRead('ext-codecs')).map((r) => r.payload)).toEqual(expected);
      expect((await kafkaPythonRead('ext-codecs')).map((r) => r.value)).toEqual(expected);
    });

    it('runs a kcat balanced consumer group and keeps its committed offset', async () => {
      await kcat(['-P', '-t', 'ext-group'], 'a\nb\nc\n');
      const out = await kcat(['-G', 'ext-kcat-group', '-e', '-f', '%o %s\\n', '-X', 'auto.offset.reset=earliest', 'ext-group']);
      expect(out.trim().split('\n')).toEqual(['0 a', '1 b', '2 c']);
      expect(broker.state.groups.get('ext-kcat-group')?.committed.get('ext-group')?.get(0)?.offset).toBe(3);
    });

    it('runs a kafka-python consumer group and keeps its committed offset', async () => {
      await kcat(['-P', '-t', 'ext-python-group'], 'p\nq\nr\n');
      const run = await runTool(DEBIAN_PYTHON, [KAFKA_PYTHON_GROUP, broker.address, 'ext-python-group', 'ext-python', '3'], '', 45_000);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(['p', 'q', 'r']);
      expect(broker.state.groups.get('ext-python')?.committed.get('ext-python-group')?.get(0)?.offset).toBe(3);
    }, 60_000);

    it('kcat honours read_committed after committed and aborted kafkajs transactions', async () => {
      const producer = kafka.producer({ transactionalId: 'ext-txn', idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'ext-txn', messages: [{ value: 'aborted' }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic: 'ext-txn', messages: [{ value: 'committed' }] });
      await committed.commit();
      await producer.disconnect();
      expect((await kcatRead('ext-txn', '-X', 'isolation.level=read_committed')).map((r) => r.payload)).toEqual(['committed']);
      expect((await kcatRead('ext-txn', '-X', 'isolation.level=read_uncommitted')).map((r) => r.payload)).toEqual(['aborted', 'committed']);
    });

    it('accepts kcat idempotent and transactional producers', async () => {
      await kcat(['-P', '-t', 'ext-kcat-txn', '-X', 'transactional.id=kcat-txn'], 'a\nb\n');
      await kcat(['-P', '-t', 'ext-kcat-txn', '-X', 'enable.idempotence=true'], 'c\n');
      const read = await kcatRead('ext-kcat-txn', '-X', 'isolation.level=read_committed');
      expect(read.map((r) => r.payload)).toEqual(['a', 'b', 'c']);
      expect(read.map((r) => r.offset)).toEqual([0, 1, 3]);
    });

    it('runs a python3-confluent-kafka consume-transform-produce transaction with send_offsets_to_transaction', async () => {
      const run = await runTool(DEBIAN_PYTHON, [CONFLUENT_EOS, broker.address, 'ext-eos-in', 'ext-eos-out', 'ext-eos-group'], '', 60_000);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ consumed: ['one', 'two', 'three'] });
      expect(broker.state.groups.get('ext-eos-group')?.committed.get('ext-eos-in')?.get(0)?.offset).toBe(3);
      const committedView = await consumeAll(kafka, 'ext-eos-out', 3);
      expect(committedView.map((r) => r.value)).toEqual(['xone', 'xtwo', 'xthree']);
      const uncommittedView = await consumeAll(kafka, 'ext-eos-out', 4, 'read_uncommitted');
      expect(uncommittedView.map((r) => r.value)).toEqual(['xone', 'xtwo', 'xthree', 'aborted']);
    }, 90_000);
  },
);
