# Joins a consumer group with kafka-python (JoinGroup v2, SyncGroup/Heartbeat v1, OffsetCommit v2),
# reads COUNT records, commits, leaves, and prints the values as JSON.
# Usage: /usr/bin/python3 kafka_python_group.py BOOTSTRAP TOPIC GROUP COUNT
import json
import sys
import time

from kafka import KafkaConsumer

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                         enable_auto_commit=False, check_crcs=True)
values = []
deadline = time.time() + 30
while len(values) < count and time.time() < deadline:
    for records in consumer.poll(timeout_ms=500).values():
        values.extend(m.value.decode() for m in records)
consumer.commit()
consumer.close()
print(json.dumps(values))
