#!/usr/bin/env bash
# make demo: one real lawsuit through the public HTTP API of a running platform (make run).
# A private-lending dispute (民间借贷纠纷) at the Haishu court of Ningbo (浙0203): filing, the
# clerk's acceptance, evidence, electronic service, an online mediation, signatures, enforcement.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/stack.sh

API=${GATEWAY_URL:-http://127.0.0.1:8080}
export NATS_URL=${NATS_URL:-nats://127.0.0.1:14222}
SMS_LOG=${MC_SMS_LOG:-.run/outbox/sms.log}
JPEG=${MC_DEMO_JPEG:-/usr/share/doc/nodejs/thin-white-stripe.jpg}
PDF=${MC_DEMO_PDF:-/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf}
PLAINTIFF_IDN=330203198503122011 DEFENDANT_IDN=330205199007183023

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "demo: $*" >&2; exit 1; }

# call METHOD PATH TOKEN [curl args...]: prints the body, fails on a non-2xx status.
call() {
  local method=$1 path=$2 token=$3; shift 3
  local out status
  out=$(curl -s -w '\n%{http_code}' -X "$method" "$API$path" \
        ${token:+-H "Authorization: Bearer $token"} "$@")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  [ "${status:0:1}" = 2 ] || fail "$method $path -> $status $out"
  printf '%s' "$out"
}

staff_token() {
  call POST /api/v1/staff/sessions "" \
    -d "{\"username\":\"$1\",\"password\":\"correct horse battery\"}" | jq -r .token
}

litigant_token() {
  local name=$1 idn=$2 phone=$3 code
  call POST /api/v1/litigants/otp "" \
    -d "{\"name\":\"$name\",\"id_number\":\"$idn\",\"phone\":\"$phone\"}" >/dev/null
  code=$(grep "$phone" "$SMS_LOG" | tail -n 1 | grep -o '验证码 [0-9]*' | cut -d' ' -f2)
  call POST /api/v1/litigants/sessions "" \
    -d "{\"id_number\":\"$idn\",\"phone\":\"$phone\",\"code\":\"$code\"}" | jq -r .token
}

[ -f "$JPEG" ] && [ -f "$PDF" ] || fail "need $JPEG and $PDF (run scripts/deps.sh)"
step "platform health"
curl -s "$API/healthz" | jq -c .

step "staff accounts (microcourt-admin over NATS) and sign-in"
seed_staff
CLERK=$(staff_token clerk1); JUDGE=$(staff_token judge1)
echo "clerk1 (王书记员) and judge1 (李法官) of 浙0203 signed in"

step "litigants sign in with ID number, phone and SMS code"
PLAINTIFF=$(litigant_token 陈明 $PLAINTIFF_IDN 13800000001)
DEFENDANT=$(litigant_token 王芳 $DEFENDANT_IDN 13900000002)
echo "plaintiff 陈明 and defendant 王芳 signed in (codes read from $SMS_LOG)"

step "the plaintiff files: 民间借贷纠纷, claim 50,000 yuan, at 宁波市海曙区人民法院"
FILING=$(call POST /api/v1/filings "$PLAINTIFF" -d @- <<JSON
{"court_code":"浙0203","case_type":"民初","cause_of_action":"民间借贷纠纷","procedure":"ordinary",
 "claims":[{"description":"判令被告归还借款本金50000元","amount_fen":5000000}],
 "parties":[{"role":"plaintiff","kind":"person","name":"陈明","id_number":"$PLAINTIFF_IDN"},
            {"role":"defendant","kind":"person","name":"王芳","id_number":"$DEFENDANT_IDN"}],
 "facts":"2025年3月1日被告向原告借款50000元，约定2025年9月1日归还，到期未还。",
 "reasons":"依据《民法典》第六百七十五条，借款人应当按照约定的期限返还借款。"}
JSON
)
echo "$FILING" | jq -c '{id, status, fee_yuan: (.fee.fen/100), received_on, decide_by}'
FILING_ID=$(echo "$FILING" | jq -r .id)

step "the clerk accepts: the case gets its number"
CASE=$(call POST "/api/v1/filings/$FILING_ID/decision" "$CLERK" -d '{"decision":"accept"}')
CASE_ID=$(echo "$CASE" | jq -r .case.id)
echo "$CASE" | jq -c '{status, number: .case.number, fee_yuan: (.case.fee_fen/100)}'

step "the clerk assigns judge 李法官"
call POST "/api/v1/cases/$CASE_ID/assignment" "$CLERK" -d '{"judge":"judge1"}' |
  jq -c '{number, status, judge_name}'

step "the plaintiff uploads evidence: a photo (JPEG) and a contract (PDF)"
JPEG_DOC=$(call POST "/api/v1/cases/$CASE_ID/documents?title=%E5%80%9F%E6%9D%A1%E7%85%A7%E7%89%87" \
  "$PLAINTIFF" -H 'Content-Type: image/jpeg' --data-binary @"$JPEG")
PDF_DOC=$(call POST "/api/v1/cases/$CASE_ID/documents?title=%E5%80%9F%E6%AC%BE%E5%90%88%E5%90%8C" \
  "$PLAINTIFF" -H 'Content-Type: application/pdf' --data-binary @"$PDF")
echo "$JPEG_DOC" | jq -c '{id, title, content_type, size, sha256}'
echo "$PDF_DOC" | jq -c '{id, title, content_type, size, sha256}'
echo "sha256sum of the files: $(sha256sum "$JPEG" | cut -c1-16)… $(sha256sum "$PDF" | cut -c1-16)…"

step "the clerk serves both documents on the defendant electronically"
SERVICE=$(call POST "/api/v1/cases/$CASE_ID/services" "$CLERK" -d "{\"documents\":[
  $(echo "$JPEG_DOC" | jq .id), $(echo "$PDF_DOC" | jq .id)],\"recipients\":[\"p2\"]}")
SERVICE_ID=$(echo "$SERVICE" | jq -r .id)
echo "$SERVICE" | jq -c '{id, status, recipients}'

step "the defendant acknowledges receipt on the phone"
call POST "/api/v1/services/$SERVICE_ID/receipt" "$DEFENDANT" | jq -c '{status, recipients}'

step "the judge opens an online mediation"
HEARING=$(call POST "/api/v1/cases/$CASE_ID/hearings" "$JUDGE" \
  -d "{\"kind\":\"mediation\",\"starts_at\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}")
HEARING_ID=$(echo "$HEARING" | jq -r .id)
echo "$HEARING" | jq -c '{id, kind, status, starts_at}'

step "messages from the judge and both parties"
call POST "/api/v1/hearings/$HEARING_ID/messages" "$JUDGE" -d '{"text":"双方是否同意调解？"}' >/dev/null
call POST "/api/v1/hearings/$HEARING_ID/messages" "$PLAINTIFF" -d '{"text":"同意，被告分两期还清即可。"}' >/dev/null
call POST "/api/v1/hearings/$HEARING_ID/messages" "$DEFENDANT" -d '{"text":"同意，明年1月和2月各还25000元。"}' >/dev/null
call GET "/api/v1/hearings/$HEARING_ID/messages?after=0" "$DEFENDANT" |
  jq -r '.messages[] | "  #\(.seq) \(.sender_name): \(.text)"'

step "the judge closes the mediation with an agreement"
CLOSED=$(call POST "/api/v1/hearings/$HEARING_ID/close" "$JUDGE" \
  -d '{"outcome":"mediated","agreement_text":"被告王芳于2027年1月31日前支付原告陈明25000元，于2027年2月28日前再支付25000元。案件受理费减半收取525元，由被告负担。"}')
AGREEMENT_ID=$(echo "$CLOSED" | jq -r .agreement_document_id)
echo "$CLOSED" | jq -c '{status, outcome, agreement_document_id}'
call GET "/api/v1/documents/$AGREEMENT_ID" "$JUDGE" | jq -c '{title, content_type, size, sha256}'

step "both parties and the judge sign the agreement"
for who in PLAINTIFF DEFENDANT JUDGE; do
  call POST "/api/v1/documents/$AGREEMENT_ID/signatures" "${!who}" |
    jq -c '{signer_name, signer_role, party_id, signed_at, valid}'
done
call GET "/api/v1/documents/$AGREEMENT_ID/signatures" "$CLERK" |
  jq -c '{signed_by_all_parties, valid: [.signatures[].valid]}'

step "the plaintiff applies for enforcement"
call POST "/api/v1/cases/$CASE_ID/enforcement" "$PLAINTIFF" \
  -d '{"amount_fen":5000000,"respondents":["p2"]}' |
  jq -c '{number, status, amount_yuan: (.amount_fen/100), fee_yuan: (.fee.fen/100), fee_payable_by: .fee.payable_by}'

step "the case follows the events"
for _ in $(seq 1 20); do
  STATUS=$(call GET "/api/v1/cases/$CASE_ID" "$PLAINTIFF" | jq -r .status)
  [ "$STATUS" = in_enforcement ] && break
  sleep 0.25
done
call GET "/api/v1/cases/$CASE_ID" "$PLAINTIFF" | jq -c '{number, status}'
echo; echo "demo: the lawsuit went from filing to enforcement"
