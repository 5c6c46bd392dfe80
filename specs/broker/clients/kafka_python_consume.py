# Reads every partition of a topic from the beginning to its end offset with kafka-python (pure
# Python, CRC-32C checks on) and prints the records as JSON, ordered by partition and offset.
# Usage: /usr/bin/python3 kafka_python_consume.py BOOTSTRAP TOPIC
import json
import sys
import time

from kafka import KafkaConsumer, TopicPartition

bootstrap, topic = sys.argv[1:3]
consumer = KafkaConsumer(bootstrap_servers=bootstrap, check_crcs=True, enable_auto_commit=False)
deadline = time.time() + 30
partitions = consumer.partitions_for_topic(topic)
while not partitions and time.time() < deadline:
    time.sleep(0.1)
    partitions = consumer.partitions_for_topic(topic)
tps = [TopicPartition(topic, p) for p in sorted(partitions or [])]
consumer.assign(tps)
consumer.seek_to_beginning(*tps)
end = consumer.end_offsets(tps)
out = []
while any(consumer.position(tp) < end[tp] for tp in tps) and time.time() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        for m in records:
            out.append({
                'partition': m.partition,
                'offset': m.offset,
                'key': m.key.decode() if m.key is not None else None,
                'value': m.value.decode() if m.value is not None else None,
                'headers': [[k, v.decode()] for k, v in m.headers],
            })
consumer.close()
out.sort(key=lambda r: (r['partition'], r['offset']))
print(json.dumps(out))
