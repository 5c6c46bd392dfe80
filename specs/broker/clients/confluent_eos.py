# Exactly-once with python3-confluent-kafka (librdkafka): consume SRC, produce to DST and commit the
# consumed offsets inside the transaction (send_offsets_to_transaction), then abort a second one.
# Usage: /usr/bin/python3 confluent_eos.py BOOTSTRAP SRC DST GROUP
import json
import sys
import time

from confluent_kafka import Producer, Consumer, TopicPartition
bootstrap, src, dst, group = sys.argv[1:5]
seed = Producer({'bootstrap.servers': bootstrap})
seed.produce(src, b'one'); seed.produce(src, b'two'); seed.produce(src, b'three'); seed.flush(10)
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': 'py-eos'})
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest', 'enable.auto.commit': False, 'isolation.level': 'read_committed'})
c.subscribe([src])
p.init_transactions(10)
got = []
deadline = time.time() + 20
while len(got) < 3 and time.time() < deadline:
    m = c.poll(0.5)
    if m is None or m.error(): continue
    got.append(m)
p.begin_transaction()
for m in got: p.produce(dst, b'x' + m.value())
p.send_offsets_to_transaction([TopicPartition(src, 0, got[-1].offset() + 1)], c.consumer_group_metadata(), 10)
p.commit_transaction(10)
p.begin_transaction()
p.produce(dst, b"aborted")
p.flush(10)
p.abort_transaction(10)
c.close()
print(json.dumps({'consumed': [m.value().decode() for m in got]}))
