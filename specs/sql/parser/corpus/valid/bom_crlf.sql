-- @app: bom_and_crlf
SELECT a
FROM t;
