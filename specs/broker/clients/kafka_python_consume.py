# Reads a topic from the beginning with kafka-python (pure Python, CRC-32C checks on) and prints the
# records as JSON; commits the group offsets. Usage: /usr/bin/python3 kafka_python_consume.py BOOTSTRAP TOPIC
import sys, json
from kafka import KafkaConsumer, KafkaProducer
bootstrap, topic = sys.argv[1:3]
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, auto_offset_reset='earliest', check_crcs=True, consumer_timeout_ms=3000, group_id='kp-group', enable_auto_commit=False)
out = [{'offset': m.offset, 'key': m.key.decode() if m.key else None, 'value': m.value.decode() if m.value is not None else None, 'headers': [[k, v.decode()] for k, v in m.headers]} for m in c]
c.commit()
c.close()
print(json.dumps(out))
