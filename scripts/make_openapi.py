#!/usr/bin/env python3
"""Writes src/server/openapi.json, the OpenAPI 3.1 description of `gongwen serve`.

    python3 scripts/make_openapi.py

Kept in Python because the description is data: edit it here and run the
script. tests/server.rs holds the file to the routes (every route described,
every description a route that answers, every $ref resolved).
"""
import json
from pathlib import Path

diag={"type":"object","properties":{
 "file":{"type":"string"},"severity":{"enum":["error","warning"]},
 "path":{"type":["string","null"],"description":"JSON path, e.g. applications.new[0]"},
 "line":{"type":["integer","null"]},"column":{"type":["integer","null"]},
 "rule":{"type":["string","null"],"description":"R1 … when a rule of the report"},
 "cell":{"type":["object","null"],"properties":{"table":{"type":"string"},"row":{"type":"string"},"column":{"type":"string"},"expected":{"type":"string"},"actual":{"type":"string"}}},
 "message":{"type":"string"}},"required":["file","severity","message"]}
outcome={"type":"object","properties":{"ok":{"type":"boolean"},"errors":{"type":"array","items":{"$ref":"#/components/schemas/Diagnostic"}},"warnings":{"type":"array","items":{"$ref":"#/components/schemas/Diagnostic"}}},"required":["ok","errors","warnings"]}
err={"type":"object","properties":{"ok":{"const":False},"error":{"type":"string"},"request_id":{"type":"string"}},"required":["ok","error"]}
def ref(n): return {"$ref":"#/components/schemas/"+n}
def r(n): return {"$ref":"#/components/responses/"+n}
def jr(desc, schema): return {"description":desc,"content":{"application/json":{"schema":schema}}}
common={"400":r("BadRequest"),"401":r("Unauthorized"),"413":r("TooLarge"),"429":r("Busy"),"500":r("Bug"),"503":r("Timeout")}
lang={"name":"lang","in":"query","schema":{"enum":["zh","en"]},"description":"language of messages; else Accept-Language; else Chinese"}
docbody={"required":True,"content":{
 "application/json":{"schema":{"description":"the input JSON, as `gongwen build` reads it (see /api/schema)"}},
 "multipart/form-data":{"schema":{"type":"object","properties":{"input":{"type":"string","format":"binary","description":"the input JSON"},"previous":{"type":"string","format":"binary","description":"last year's report, .json or .docx (by its file name)"}},"required":["input"],"additionalProperties":{"type":"string","format":"binary","description":"an image the input names: the part's file name is the path the JSON gives"}}}}}
draft={"name":"draft","in":"query","schema":{"type":"boolean"},"description":"the report's starter gaps are warnings"}
paths={}
paths["/health"]={"get":{"summary":"liveness","responses":{"200":jr("up",{"type":"object","properties":{"status":{"const":"ok"},"version":{"type":"string"}}})}}}
paths["/api/check"]={"post":{"summary":"every check of an input; nothing built","parameters":[lang,draft],"requestBody":docbody,"responses":{"200":jr("the outcome (ok false when the input has errors)",ref("Outcome")),**common}}}
paths["/api/build"]={"post":{"summary":"build an input into PDF, .docx, OFD (one file, or a zip of several)","parameters":[lang,draft,
   {"name":"formats","in":"query","schema":{"type":"string"},"description":"comma-separated: pdf, docx, ofd (default pdf)"},
   {"name":"docx_fonts","in":"query","schema":{"enum":["names","embed"]}}],"requestBody":docbody,
   "responses":{"200":{"description":"the file, named in Content-Disposition (RFC 6266/5987); the number of warnings in x-gongwen-warnings","content":{"application/pdf":{},"application/vnd.openxmlformats-officedocument.wordprocessingml.document":{},"application/ofd":{},"application/zip":{}}},
   "422":jr("the input has errors",ref("Outcome")),**common}}}
paths["/api/import"]={"post":{"summary":"a draft (.docx, .txt, .md) recognised into a 公文's input, or a published annual report's .docx read back (gongwen import)","parameters":[lang,
   {"name":"as","in":"query","schema":{"enum":["document","report"]},"description":"what to import as; by default a .docx with the report's national tables is a report, anything else a document"},
   {"name":"name","in":"query","schema":{"type":"string"},"description":"the file's name when the body is the file itself (its extension gives the format; default upload.docx)"}],
   "requestBody":{"required":True,"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"file":{"type":"string","format":"binary","description":"the draft or report; its file name's extension gives the format"}},"required":["file"]}},"application/octet-stream":{"schema":{"type":"string","format":"binary"}}}},
   "responses":{"200":jr("the input, what was changed or is uncertain, and for a 公文 the outline of what was recognised",{"type":"object","properties":{"kind":{"enum":["document","report"]},"input":{"type":"object"},"warnings":{"type":"array","items":ref("Diagnostic")},"outline":{"type":["object","null"],"description":"版头, title, 主送, headings by level, tables, 附件说明, 落款, 附注, attachments, 版记"}}}),"422":jr("not a readable draft or report",ref("Outcome")),**common}}}
paths["/api/new/annual-report"]={
   "get":{"summary":"the starter report","parameters":[lang,{"name":"agency","in":"query","required":True,"schema":{"type":"string"}},{"name":"year","in":"query","required":True,"schema":{"type":"integer","minimum":2000,"maximum":2100}}],"responses":{"200":jr("the starter input",{"type":"object"}),"400":r("BadRequest"),"401":r("Unauthorized")}},
   "post":{"summary":"the starter for the year after last year's report","parameters":[lang],"requestBody":{"required":True,"content":{"multipart/form-data":{"schema":{"type":"object","properties":{"previous":{"type":"string","format":"binary","description":".docx or .json, by its file name"}},"required":["previous"]}}}},"responses":{"200":jr("the starter input",{"type":"object"}),"422":jr("last year's report is unreadable",ref("Outcome")),**common}}}
paths["/api/schema"]={"get":{"summary":"JSON Schema of both kinds, titled in the request's language","parameters":[lang],"responses":{"200":jr("the schema",{"type":"object"}),"401":r("Unauthorized")}}}
paths["/api/openapi.json"]={"get":{"summary":"this description","responses":{"200":jr("OpenAPI 3.1",{"type":"object"}),"401":r("Unauthorized")}}}
paths["/api/report/form"]={"get":{"summary":"the annual report as a form: tables with named inputs, fields, placeholders","parameters":[lang],"responses":{"200":jr("the form",{"type":"object","properties":{"tables":{"type":"array"},"sections":{"type":"array"},"placeholders":{"type":"array"}}}),"401":r("Unauthorized")}}}
paths["/api/report/paste"]={"post":{"summary":"a block pasted from a spreadsheet, mapped onto the form","parameters":[lang],"requestBody":{"required":True,"content":{"application/json":{"schema":{"type":"object","properties":{"text":{"type":"string"},"at":{"type":"string","description":"the input path pasted into"}},"required":["text","at"]}}}},
   "responses":{"200":jr("cells to fill and errors by cell",{"type":"object","properties":{"cells":{"type":"array","items":{"type":"object","properties":{"path":{"type":"string"},"value":{}}}},"errors":{"type":"array","items":{"type":"object","properties":{"path":{"type":"string"},"message":{"type":"string"}}}}}}),"400":r("BadRequest"),"401":r("Unauthorized"),"413":r("TooLarge")}}}
paths["/report"]={"get":{"summary":"the browser workspace for the annual report (HTML; /document for a 公文)","responses":{"200":{"description":"the page","content":{"text/html":{}}}}}}
spec={"openapi":"3.1.0","info":{"title":"gongwen","version":"0.1.0","description":"GB/T 9704 公文 and the 政府信息公开工作年度报告: check and build .docx, PDF and OFD, with the same checks and the same bytes as the gongwen command line. Every response has an x-request-id header."},
"paths":paths,
"components":{"schemas":{"Diagnostic":diag,"Outcome":outcome,"Error":err},
 "responses":{
  "BadRequest":jr("the request is malformed (not the input: that is a 422 or a check's outcome)",ref("Error")),
  "Unauthorized":jr("a token is set and the request has not sent it (Authorization: Bearer …)",ref("Error")),
  "TooLarge":jr("the body is over the limit, which the message states",ref("Error")),
  "Busy":{"description":"every worker busy and the queue full; try again after Retry-After seconds","headers":{"Retry-After":{"schema":{"type":"integer"}}},"content":{"application/json":{"schema":ref("Error")}}},
  "Bug":jr("a bug; the message and request_id name the request for its log line",ref("Error")),
  "Timeout":jr("the request's time budget ran out",ref("Error"))},
 "securitySchemes":{"bearer":{"type":"http","scheme":"bearer","description":"only when the server was started with --token-file"}}},
"security":[{},{"bearer":[]}]}
open(Path(__file__).resolve().parent.parent / 'src/server/openapi.json', 'w', encoding='utf-8').write(json.dumps(spec,ensure_ascii=False,indent=1)+"\n")
