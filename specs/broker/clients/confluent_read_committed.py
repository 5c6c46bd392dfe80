# Reads every committed message of TOPIC with python3-confluent-kafka (librdkafka), read_committed,
# from the beginning to the end of every partition; prints the values, one a line.
# Usage: /usr/bin/python3 confluent_read_committed.py BOOTSTRAP TOPIC
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaError, TopicPartition

bootstrap, topic = sys.argv[1:3]
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'py-reader-' + uuid.uuid4().hex, 'isolation.level': 'read_committed',
              'enable.auto.commit': False, 'enable.partition.eof': True})
partitions = c.list_topics(topic, timeout=10).topics[topic].partitions
c.assign([TopicPartition(topic, p, 0) for p in partitions])
pending = set(partitions)
deadline = time.time() + 30
out = sys.stdout.buffer
while pending:
    if time.time() > deadline:
        sys.exit('timed out before the end of partitions %s' % sorted(pending))
    m = c.poll(0.5)
    if m is None:
        continue
    if m.error():
        if m.error().code() == KafkaError._PARTITION_EOF:
            pending.discard(m.partition())
            continue
        sys.exit(str(m.error()))
    out.write(m.value() + b'\n')
c.close()
