<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AccountDialog</name>
    <message>
        <source>Fee account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take a payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print receipt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billed to a payer scheme: the patient&apos;s share is settled through the claim, so no daily fee is charged at the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dose no. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a payment or waiver to print its receipt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a payment or waiver that is not already voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1 voided.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AcknowledgeBreakDialog</name>
    <message>
        <source>Acknowledge a break in the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An auditor and an administrator acknowledge this break together, each with their own password. The broken events stay in the trail and every later verification reports the break; work can go on. Acknowledge it only after examining it (e.g. against the last backup).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was examined, and why work may go on (e.g. checked against the last backup)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break at event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your password (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auditor&apos;s user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auditor&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator&apos;s user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Administrator&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the trail and acknowledging the break…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledging the break…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddPlaceDialog</name>
    <message>
        <source>Add a stock place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddUserDialog</name>
    <message>
        <source>Add a user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must choose a new password at first sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementForm</name>
    <message>
        <source>e.g. 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidentiality of the patient&apos;s information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic&apos;s rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When treatment ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected effect and risks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signed agreement states:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgreementPage</name>
    <message>
        <source>Voluntary-treatment agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick each term the signed agreement states.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scanned copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach the scanned copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanned agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF or image (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scanned copy must be a PDF, PNG or JPEG file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 KB), stored encrypted</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Audit</name>
    <message>
        <source>Acknowledged break at event %1: %2. Acknowledged in event %3 on %4 by auditor %5 and administrator %6: %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail is intact since event %1, the break(s) above kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail is intact: %n event checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail is intact: %n events checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit trail is NOT intact: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient / record no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge break…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 matching events shown (more load as you scroll).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events written to %2 (date range only; other filters do not apply).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BottleReturnDialog</name>
    <message>
        <source>Bottle returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, dose %2: %3 mg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the returns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bottle is waiting to come back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You signed in with a temporary password. Choose your own password now to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The figures behind this chart, to read and export</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClaimDetailDialog</name>
    <message>
        <source>Claim %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrects %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insured-person no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>annual cap %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no annual cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1: payer %2 after a deductible of %3 a year, %4; subsidy %5 of the patient&apos;s part; insurance type %6, medical type %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <comment>amount column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <comment>amount column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total %1 = payer %2 + subsidy %3 + patient %4 (deductible %5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason / reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClaimsPage</name>
    <message>
        <source>There is no payer scheme yet: an administrator adds one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the claims of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a payer and a month, then build the batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard the drafts of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (e.g. fixing insured numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No batch yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2 · %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim %1 is now: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payer&apos;s reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 corrects %2, which is voided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insurance claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard drafts to fix and rebuild…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims in the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excluded: never in a claim file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems to fix before a claim can be made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the claims of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1 for %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch %1 · %2 · total %3 · payer %4 · subsidy %5 · patient %6 · %7 excluded · %8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No batch yet for %1 in %2: %3 can be built · %4 excluded · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payer pays nothing on %n claim: see its note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payer pays nothing on %n claims: see their notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n draft claim of %2 discarded; fix the data and build again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n draft claims of %2 discarded; fix the data and build again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chronic-disease registration of %1 is recorded; export the batch again for its visits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave %1 out of the export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why (the days can be claimed once fixed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is left out of the export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replies recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exported to %2 (SHA-256 %3…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 visits are not yet registered with the platform: the file holds their registration (2201); import its reply, then export again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was exported: open Export… again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <comment>amount column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <comment>amount column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why excluded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals per payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals per status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print summary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import remittance…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import platform replies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chronic-disease registration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct (new version)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Renew a consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1. Record what the patient signed. Nothing leaves the clinic for this purpose without a consent in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. the resident scheme, 城乡居民医保</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. daily doses, urine screens and fees for claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until the patient revokes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No scan: the signed paper form is kept on file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach the signed form…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the form as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the form for signature…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the scan of the signed form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scans (*.pdf *.png *.jpg *.jpeg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 KB) will be kept, encrypted, with the consent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the consent form as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Form saved to %1: print it for signature.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsentForms</name>
    <message>
        <source>One day was already sent to %2 in an exported claim and stays with them: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 days were already sent to %2 in exported claims and stay with them: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent revoked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ContactAttemptDialog</name>
    <message>
        <source>Log a contact attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CountsView</name>
    <message>
        <source>Daily counts and variances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All windows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispensed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wasted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>explained and signed off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>day close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shift handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 counts · %2 beyond tolerance · %3 still waiting for sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DailyLogTab</name>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily log PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print daily log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no dosing window yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals match the ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals DO NOT match the ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses given %1, voided %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dose in the list first (not a voided one).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Reading the figures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 3 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 2 years</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 5 years</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DestroyDialog</name>
    <message>
        <source>Record a destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No. %1: %2, lot %3, %4 (%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the approval&apos;s document number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name and office of the supervising officer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock awaiting destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authority&apos;s reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervised by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No stock is awaiting destruction.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisclosureHistoryDialog</name>
    <message>
        <source>Disclosure history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save for the patient (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print for the patient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legal basis: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No identified data of patient %1 has left the clinic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1: one disclosure of identified data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1: %2 disclosures of identified data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the disclosure history as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoseLogTable</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>take-home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>re-dose: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replacement: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not charged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VOIDED: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DosePanelView</name>
    <message>
        <source>No photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(dose %1 of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dose yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed days in a row: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosed today: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: give the dose, then press Enter to confirm it (witnessed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lot %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DoseWasteDialog</name>
    <message>
        <source>Part of this dose was not taken: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part-dose not taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A spill or other loss at this window, not tied to a dose.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DosingHoursDialog</name>
    <message>
        <source>Dosing hours at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 07:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 12:00</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing a window&apos;s day before the hours end, or while patients of today&apos;s queue are still to come, needs the pharmacist to confirm how many are waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing opens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing closes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DosingPage</name>
    <message>
        <source>Dosing window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EligibilityPage</name>
    <message>
        <source>Eligibility</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opioid dependence diagnosed by a physician; voluntary; full capacity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient applies of their own will</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient has full capacity for civil conduct</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guardian (name, relation)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guardian&apos;s written consent on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient is under %1: treatment needs a guardian&apos;s written consent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EndGuestDialog</name>
    <message>
        <source>End guest dosing early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest dosing at %1 from %2 to %3. The order stays on the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. came back early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses at home again from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End guest dosing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrolmentWizard</name>
    <message>
        <source>Enrol a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol a transferred patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Something went wrong that the program did not expect: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExceptionDoseDialog</name>
    <message>
        <source>Dose exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A re-dose after vomiting needs the physician&apos;s order: the physician signs below. A replacement for a lost take-home dose needs a witness. The day&apos;s exceptions are listed in the daily log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-dose after vomiting (physician&apos;s order)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replacement for a lost take-home dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. vomited 10 minutes after the dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge for this dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The physician who ordered the re-dose signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second person (witness) signs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExpiringConsentsDialog</name>
    <message>
        <source>Consents about to expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (within %2 days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Within 7 days: %1 · within 14 days: %2 · within 30 days: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No consent expires in the next 30 days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export batch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payer&apos;s month still has %n unresolved problem: its days are in no claim of this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This payer&apos;s month still has %n unresolved problems: their days are in no claim of this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export anyway: those days wait for a later batch, once fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform messages (2201/2204/2207/4101A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The claims are sealed in an AES-256 zip. Windows Explorer and macOS Archive Utility cannot open it: use 7-Zip, WinRAR or Bandizip on Windows, Keka on macOS, 7z on Linux. Give the passphrase to the payer by another way than the file. Every claim in it is recorded as a disclosure.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Institution code (medins_code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix the problems first, or tick “Export anyway” to export without their days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to write the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose at least one format.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeeDialog</name>
    <message>
        <source>New price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic&apos;s own item code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National catalogue code (med_list_codg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge category (med_chrgitm_type)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeeForms</name>
    <message>
        <source>Owed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In credit: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waived %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · receipt %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsDialog</name>
    <message>
        <source>Inspectors&apos; findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspection %1 · %2 · %3 to %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No inspection has been granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector: %1 · purpose: %2 · %3 notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrects note %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected by note %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FlagDialog</name>
    <message>
        <source>Flag for the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. appears intoxicated, smells of alcohol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the window should know</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stop-dose flag refuses every dose until a physician clears it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raise the flag</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GrantInspectionDialog</name>
    <message>
        <source>Grant an inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The inspector reads the controlled-drug register and the daily counts of these days only, never a patient&apos;s record, and writes findings. Every view is in the audit trail. The access ends after the expiry date, or when you end it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no inspector&apos;s account yet: add a user with the inspector role first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuestOrderDialog</name>
    <message>
        <source>Guest dosing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1 doses at the place below on these dates, and nowhere else: not at the patient&apos;s own site. The dose order in force applies there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another site of this clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 海淀区美沙酮维持治疗门诊</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. visiting family; the receiving clinic agreed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First guest day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last guest day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order guest dosing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuestReturnDialog</name>
    <message>
        <source>Last dose at the other clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest dosing at %1 from %2 to %3. Record the last day that clinic confirms it dosed the patient: missed days are counted from it. It cannot be changed later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. letter number, or whom you spoke to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. confirmed by phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record last dose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <source>Identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As on the resident identity card. The ID number is checked, and searched for an earlier record, before you go on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportTransferDialog</name>
    <message>
        <source>Import a transfer summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the file the sending clinic gave you, with the passphrase they told you separately. Check each field with the patient and the printed summary, tick it, then enrol. Nothing is stored until enrolment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the transfer file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer summaries (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature verified: signed by %1 for %2 on %3, with the key whose fingerprint is %4. Compare it with the fingerprint printed on the paper summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It was made for %1, not for this clinic: ask the sending clinic before enrolling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A former patient of this clinic holds this ID number (%1): confirm the fields, then re-admit them on their own record (a new episode).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A patient with this ID number is already registered here (%1): open that record instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not verified: the file was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doses, the last: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, sex, birth, ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone, address, emergency contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis and treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses (30 days) and titration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InfectionTestDialog</name>
    <message>
        <source>Record a test result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. confirmed by the CDC laboratory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tested on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the result</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <source>Controlled-drug register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspection %1 (%2 to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You have no open inspection. The clinic&apos;s administrator grants an inspection for a period of records, until a date; ask them to grant one. Nothing else can be shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspection %1 · %2 · records %3 to %4 · access until %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose: %1 · granted by %2. Read only: every view is in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectionsBox</name>
    <message>
        <source>Inspections by the authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grant an inspection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End the inspection&apos;s access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is inspection %1&apos;s access ended now?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <source>Issue to a dosing window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second person signs: who takes the stock to the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earliest expiry first (suggested)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This safe holds none of this product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You chose the lot; its expiry is checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot %1 (expires %2) will be used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LateDoseDialog</name>
    <message>
        <source>Enter a dose given by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For doses given from the printed queue while this workstation was down. The dose goes through the same checks as of the time given; if they refuse it, it goes to the review list for a physician or pharmacist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient number or card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slot (0: the next)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused as of then, and put on the review list: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <source>Screen locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked by %1 (%2). Enter the password to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as another user…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in as another user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not chosen yet (set after the first sign-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO clinic: fictional data only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen was locked. Signing in here ends the locked user&apos;s session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caps Lock appears to be on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is locked for %n more minute after too many wrong passwords. Wait, or ask an administrator to reset it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This account is locked for %n more minutes after too many wrong passwords. Wait, or ask an administrator to reset it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new password to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LossDialog</name>
    <message>
        <source>Record a loss or theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record it at once. Report it to the police, the drug regulator and the health authority: the incident report can be saved as PDF next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what happened, when, who found it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: the police report&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Circumstances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Police reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the incident</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Cannot open the clinic</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation&apos;s site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back up now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify the audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline doses to review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a dose given by hand…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>embedded database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked after inactivity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This session has ended. Sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workstation&apos;s offline copy could not be brought up to date: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent: %1 doses recorded, %2 on the review list, %3 trail entries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back up the clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic backups (*.clinicbak)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backup written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The encrypted backup was written to %1 (%2 rows), then read back and checked: it restores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying the audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The pages on the left are those your role may use.

Ctrl+L locks the screen at once; it also locks itself after the idle time set by the administrator. Unlock with your password, or let a colleague sign in (which ends your session).

Ctrl+Q quits. Every action, and every record opened, is kept in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic records for voluntary drug-treatment clinics.
Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MmtExportDialog</name>
    <message>
        <source>Report to the national MMT data system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demographics, HIV/HCV/syphilis status, random urine results and daily doses of every patient dosed or enrolled in the period. Each patient in the file is logged as a disclosure on the legal basis given here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 《戒毒药物维持治疗工作管理办法》, the article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clinic&apos;s code in the data system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase for the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewPasswordForm</name>
    <message>
        <source>New password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NotesView</name>
    <message>
        <source>Inspection notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes are kept as written: a correction is a new note that names the one it corrects, and both stay in the list and in the PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correct the selected note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save notes as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrects note %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>corrected by note %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Correcting note %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The notes were saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumbersDialog</name>
    <message>
        <source>Export to Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the figures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>OFFLINE since %1: the main clinic cannot be reached. Dosing goes on here with the same checks, from this workstation&apos;s copy; only this site&apos;s patients, for at most %2 hours. The doses are sent when the link is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The link to the main clinic is back. %1 doses recorded offline wait to be sent: sign in online to send them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in and send…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Dose order for %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current order: %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No order in force: this is the first order of the episode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mg a day, e.g. 60</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: mg per slot, e.g. 40 + 20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic&apos;s policy allows no take-home doses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needed for a change of more than the usual step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Above %1 mg a day: an ECG with its QTc, or a second physician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recorded on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ECG QTc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or second physician</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>their password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily dose (mg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split into slots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take-home days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No product in the catalogue fits this patient&apos;s treatment method.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 mL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n × %2 mg tablet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n × %2 mg tablets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= %1 a day (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State the reason above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held after missed days: the reassessment proposes %1 mg.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the daily dose in mg.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutreachTab</name>
    <message>
        <source>Absent longer than the dropout limit: contact them (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End treatment (exit reason)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2 — last dose %3, absent %4 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a patient in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Dosing window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identify the patient, see today&apos;s dose order and every warning, and record a witnessed dose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol patients with their consent, find a patient by number or card, and open the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive controlled drugs by lot, move them between safe, window and satellite sites, and record waste and destruction with a witness.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the dispensing stock at the end of the day, explain every variance and have it signed off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn a month of dosing into insurance claims per payer scheme, validate, export and track them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts of the clinic&apos;s figures for your role, with the numbers behind each chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the controlled-drug register and the clinic&apos;s reports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add users, set their roles, reset passwords and disable accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clinic&apos;s name, sites, language, lockout and idle-lock rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payers and fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer schemes, their reimbursement terms by date, and the fee schedule for claims.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the audit trail, verify that it is intact, and export it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authority&apos;s inspector reads the register and the counts of the granted period, and writes findings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaidDialog</name>
    <message>
        <source>Paid: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount paid (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientChoiceDialog</name>
    <message>
        <source>Which patient?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the photo on the next screen before dosing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientHistoryDialog</name>
    <message>
        <source>History of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nurse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urine screens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a result…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HIV, HCV, syphilis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>observed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>take-home</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>re-dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>replacement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withheld</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voided: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 doses given in the period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One dose given in the period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>awaits review</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientRecordView</name>
    <message>
        <source>None recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>← Back to the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New dose order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue a card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint the card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses and screens…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex, age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 years (born %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Episode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, since %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 years&apos; abstinence / police monitoring ends on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treatment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement: method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>re-admitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>superseded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose orders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current: %1, %2 a day from %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>review %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ends %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dose order in force.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take-home days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest dosing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>home again from %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordered by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose there (confirmed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last doses at other clinics, as recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guest dosing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End early…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose there…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voided by %1, %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in force</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a guest order in the table first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a site of this clinic: its doses are already on the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last dose at %1 is already recorded: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents and disclosures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>consent #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>legal basis: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renews #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scanned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New consent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosure history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer summary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a consent in the table first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent revoked: nothing more is shared under it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the signed form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed form saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer summary saved: %1 and %2. Key fingerprint %3. Give the passphrase to the receiving clinic separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer summary %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1 issued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reprint the card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is the card replaced (lost, damaged…)? The old card becomes void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1 issued; the earlier card is void.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the card as PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The card was saved to %1: open it to print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the card…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <source>Patient no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PatientsPage</name>
    <message>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the card, or type a patient number, name, initials or ID-number tail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrol a patient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents about to expire…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMT data system report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the newest %1 are listed: search to find others)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 patients: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patients yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This card has been replaced and is void: ask for the current card and keep this one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients reported: %1, in %2. Each is logged as a disclosure.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayerPage</name>
    <message>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who pays, and whether the patient consents to insurance claims. Without consent the patient is never in a claim file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient consents to insurance claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent signed on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayersPage</name>
    <message>
        <source>no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved. The change is in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer schemes and fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes take effect from a date: claims already made keep the terms and prices they were made under. Ratios are shares between 0 and 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer schemes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terms by date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fee schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a scheme…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New terms…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New price…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deductible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annual cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insutype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>med_type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>National catalogue code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charge category</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>Take a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1. %2. A receipt number is given for every payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yuan, e.g. 10 or 10.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. paid for the week ahead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than is owed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take ¥%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoPage</name>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The nurse at the dosing window checks the patient against this photo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From a file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take with the camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photo now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No camera found: choose a photo file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not an image the program can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This page comes in a later version of the program.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Printing stopped: the file was not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing stopped after page %1 of %2. The pages already sent may still come out of the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printing %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadmitDialog</name>
    <message>
        <source>Re-admit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admission opens episode %1 on the same record. Record the newly signed voluntary-treatment agreement.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadmitTransferDialog</name>
    <message>
        <source>Re-admit from a transfer summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was treated here before as %2. Re-admission opens a new episode on that record, with the last dose at %3 counted for missed days. Record the newly signed voluntary-treatment agreement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admit a former patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-admit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message>
        <source>Receive a delivery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second person signs: the keeper of the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as on the label, e.g. 2027-03-31</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the delivery note&apos;s number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as on the delivery note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counted, in good condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none if left empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>packaging, seals, labels…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— choose —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted; shortage or damage recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot (batch) number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delivery note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity on the note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received in good condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acceptance conclusion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no controlled product in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no safe yet: add one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortage: %1 missing against the delivery note.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More counted than the note says (%1 over): recount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No shortage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 damaged go to quarantine.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiveTransferDialog</name>
    <message>
        <source>Receive a transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No. %1: %2, lot %3, %4 from %5 to %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counted on arrival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needed when less arrived than was sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted on arrival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No transfer is in transit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 less than was sent: say what happened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More than was sent: recount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All that was sent arrived.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconciliationPage</name>
    <message>
        <source>Close the day?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep it open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconciliation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening (end of yesterday)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Received from the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>− Dispensed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>− Wasted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>− Returned to the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>± Other (transfers, corrections)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>= Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needed when the variance is beyond tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second person signs (beyond tolerance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record as found, settle later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variances waiting for sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (whole tablets)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dosing window and a product.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no dosing window yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business day %1 · tolerance ± %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closed: the day %1 is signed and cannot be changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open: %1 waiting for sign-off; the day closes when it is signed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open: count and close the day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the count in whole tablets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the measured volume in mL, e.g. 152.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>within tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>beyond tolerance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beyond tolerance: write the explanation and have a second person sign to settle it now, or record the count as found; the day cannot close until the variance is signed off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was recorded: the day stays open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count recorded as found: variance %1 waits for an explanation and a second signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day closed. Variance %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover count recorded. Variance %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variances waiting for sign-off (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No variance is waiting for sign-off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open that variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s counts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts of %1: %2 recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No count recorded on %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for sign-off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed off by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settled (within tolerance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>closed the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, %3: expected %4, counted %5, variance %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance signed off; the day is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance signed off. Your count is still typed: record it again to close the day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variance signed off.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Controlled-drug register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspectors&apos; findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Movement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From / to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manufacturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled by (receiver)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked by (keeper / recipient)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no stock place or product to show yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brought forward %1 · received %2 · issued %3 · balance %4 · %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted; shortage or damage recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on the note %1, short %2, damaged %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the register (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegistrationDialog</name>
    <message>
        <source>Chronic-disease registration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>as on the approval, e.g. 2026-01-01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disease catalogue code (opsp_dise_code)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disease name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration number (given by the region)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insured place&apos;s division code (insuplc_admdvs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential (mdtrt_cert_type)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Social security card number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason (for a correction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The platform pays an outpatient chronic-disease visit only inside the patient&apos;s registration for that disease. Use the region&apos;s disease catalogue code, not the ICD-10 diagnosis. A correction is recorded as a new registration; the earlier ones stay listed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disease code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemittanceDialog</name>
    <message>
        <source>Import a remittance file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV, one claim a row: claim number, paid amount, status (paid, accepted, rejected), reason. Rows that are unknown or malformed are reported and change nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remittance file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemittanceReportDialog</name>
    <message>
        <source>Remittance imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 applied; %2 not applied, changing nothing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 applied; no problems.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RepliesDialog</name>
    <message>
        <source>Import the platform&apos;s replies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One line per visit: outpatient number (ipt_otp_no), 2201 or 2207, the id the platform issued (mdtrt_id or setl_id), or an empty id and its reason for refusing. Export the batch again afterwards for the next messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The platform&apos;s reply file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>Controlled-drug register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One place, one product, one month: every movement and its balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Physician&apos;s worklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Orders due for review or ending, positive screens awaiting review, and patients held after missed days.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient census</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients by status and site; everyone in care with the order in force and the last dose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing by nurse and window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses, total mg and quantity per product, take-home doses and voided doses, per nurse and window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lots that had expired or were expiring within the days given, with their balances at the end of the chosen day.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The month&apos;s figures the national MMT data system asks of a clinic, per site and in total; only the days inside the inspection&apos;s period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed doses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients who missed 1, 2, 3 or more days in a row, and what the missed-day rule requires.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urine screens due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients in treatment whose last urine screen is older than allowed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outreach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patients absent long enough that their dose is held, with the contact attempts logged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stock expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lots with a balance that have expired or expire within the days given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MMT monthly work report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The month&apos;s figures the national MMT data system asks of a clinic, per site and in total (docs/mmt-work-report.md).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De-identified statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly counts by site for an authority, small counts withheld (*) so that no patient can be singled out; releasing them records the recipient and purpose.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Making the report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contact attempt was logged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The report was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving the report (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiring within (days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log a contact attempt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release to an authority…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as Excel…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <source>Reset the password of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user signs in with this temporary password and must then choose a new one. A lockout is cleared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>Return to the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. end of the week&apos;s stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewListDialog</name>
    <message>
        <source>Offline doses to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses recorded offline or by hand that the main clinic&apos;s checks refused when they arrived. Nothing was dropped or changed: the dose as recorded and the record as it stands are shown side by side. Settle each with what was decided.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Given at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused because</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The record holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settle the selected one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dose %1 mg; %2 doses that day; last dose %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check everything with the patient. Finish registers them and starts treatment (episode 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guardian</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scanned copy attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agreement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-pay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insured-person number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes, signed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent to claims</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevokeConsentDialog</name>
    <message>
        <source>Revoke a consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2: from today nothing more is shared under this consent. What was shared before cannot be taken back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the patient&apos;s words, e.g. pays privately now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoleChecks</name>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RolesDialog</name>
    <message>
        <source>Roles of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemeDialog</name>
    <message>
        <source>Add a payer scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 110100 北京市</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenDialog</name>
    <message>
        <source>Urine screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random (unannounced) screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collected on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave a box empty for a negative result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the screen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreensTab</name>
    <message>
        <source>Record a screen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Due for a screen (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Positive, waiting for a physician&apos;s review (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — last screen %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — never screened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — collected %2 — positive: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a patient in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a screen in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review the screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your note (optional):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SendTransferDialog</name>
    <message>
        <source>Send a transfer to another site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To the safe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no safe at another site.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <source>Set aside for destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stock goes to the site&apos;s quarantine shelf and an application for its destruction is recorded; it is destroyed later, under supervision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired, damaged…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set aside and apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired on %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consents about to expire…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each change is saved on its own and recorded in the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clinic rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add site…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit site…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily fee…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing hours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient records that share an ID number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each line is one ID number held by more than one record (typed differently, e.g. in full-width digits, before this version). The program never merges records: have a physician open each one, check the photo, and end the record made in error with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, registered %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: every ID number belongs to one record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a site in the table first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: daily fee at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: dosing hours at %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off a variance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was signed: the day stays open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Add a site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SiteFeeDialog</name>
    <message>
        <source>Daily fee at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No fee recorded: patients at this site are charged nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yuan a day, e.g. 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. price bureau notice 2026-12</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charged once for each day a patient is dosed here, unless the day is billed to a payer scheme. Days already charged keep their fee.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded fees</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily fee (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatisticsDialog</name>
    <message>
        <source>Release de-identified statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Monthly counts by site, with small counts withheld (marked *) so that no patient can be singled out. The release is recorded with its recipient and purpose.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. the district CDC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. monthly service planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the statistics</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <source>Change the status of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required: why treatment ends (the exit reason is kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Stock</name>
    <message>
        <source>lot %1, expires %2, %3 here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXPIRED</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Stock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive a delivery…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issue to a window…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return to the safe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receive a transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waste…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set aside for destruction…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destruction…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss or theft…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a place…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals by product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Red: expired, never issued or dispensed. Yellow: expires within the warning period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n transfer in transit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n transfers in transit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n lot awaiting destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%n lots awaiting destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Awaiting destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired: set aside for destruction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded: voucher %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place %1 added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 is recorded (voucher %2). Print or save the incident report for the police, the drug regulator and the health authority now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>theft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The incident report was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the incident report…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TakeHomeDialog</name>
    <message>
        <source>Take-home doses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses for the days after today, one bottle per dose, each with its label. Empty bottles come back at the next visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 by the order</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dispense</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TermsDialog</name>
    <message>
        <source>New terms for a payer scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: no cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payer scheme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In force from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reimbursement ratio (0–1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deductible per year (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annual cap (yuan)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subsidy share of the patient&apos;s part (0–1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Covered items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insurance type code (insutype)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medical type code (med_type)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1. The summary goes only to a clinic the patient&apos;s consent to transfer names, and it is recorded in the disclosure history. Give the passphrase to the receiving clinic separately, by telephone, never with the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. takes the dose late in the morning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receiving clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes to include</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note to the receiving clinic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase (12 or more characters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save in folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the summary in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users are never deleted: disable an account to stop it signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set roles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>locked out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this account disabled? (kept in the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow %1 to sign in again?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidDoseDialog</name>
    <message>
        <source>Void a dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dose stays in the log, struck through, with the reason; its stock goes back to the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. recorded for the wrong patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void the dose</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidGuestReturnDialog</name>
    <message>
        <source>Void the last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dose at %1 recorded as %2 (confirmation: %3) by %4. Voiding keeps it on the record, but missed days are no longer counted from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. the other clinic corrected its date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the right last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. letter number, or whom you spoke to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. corrected by letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason for voiding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right last dose there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoidReceiptDialog</name>
    <message>
        <source>Void a receipt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Receipt %1 for %2 stays on the statement, struck through, with the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. wrong amount typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void the receipt</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WaiveDialog</name>
    <message>
        <source>Waive a fee</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient %1. %2. Only what is owed can be waived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yuan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. hardship, approved by the director</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waive</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WasteDialog</name>
    <message>
        <source>Record waste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spill, part-dose not taken…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WindowTab</name>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Card, number or name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the card, or type the patient number or a name, then Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm dose (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intoxication check failed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take-home…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottle returns…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Urine screen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payment…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exception…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flag…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today at this window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waste / spill…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily log PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print daily log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the queue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s patients with the checks as of now and blank columns for the time and signature: print it each morning, to dose by hand if the workstation fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no dosing window at this site: ask the pharmacist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan the patient&apos;s card, or type the number and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the dosing window first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No patient matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded already: this panel does not dose again. For the next patient, or the next dose of a split order, scan the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the photo and the dose first: Enter counts once the panel has been shown for %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The panel had been open for a while: check it again, then press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This dose was just recorded. For the next dose of a split order, scan the card again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✔ Dose recorded at %1: %2 mg (%3), dose %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dose withheld and recorded: no dose today.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottle labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the bottle labels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottle labels saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dose of today in the list first (not a voided one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dose was voided; it stays in the log, struck through.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The waste was recorded with its witness.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>doses at %1 today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>guest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To attend (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attended (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Doses given %1, voided %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exceptions: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals match the ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals DO NOT match the ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dosing sheet %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daily log %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the daily log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daily log was saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making the daily log…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WithholdDialog</name>
    <message>
        <source>Withhold the dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dose is given; the record says why. A physician can see it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Intoxication check failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The patient refused the dose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what you saw (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withhold</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WitnessSignIn</name>
    <message>
        <source>Second person (witness) signs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>their user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>their password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Witness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_LotAtPlaceDialog</name>
    <message>
        <source>Lot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is held here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
