<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>batchlab::App</name>
    <message numerus="yes">
        <source>Served %n HTTP request(s) (%1 batches, %2 batch items).</source>
        <translation>
            <numerusform>Served %n HTTP request (%1 batches, %2 batch items).</numerusform>
            <numerusform>Served %n HTTP requests (%1 batches, %2 batch items).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1% %2/%3 calls · %n HTTP request(s) · saved %4</source>
        <translation>
            <numerusform>%1% %2/%3 calls · %n HTTP request · saved %4</numerusform>
            <numerusform>%1% %2/%3 calls · %n HTTP requests · saved %4</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Editor</name>
    <message numerus="yes">
        <source>%1 %n note(s), the first: %2: %3</source>
        <translation>
            <numerusform>%1 %n note, the first: %2: %3</numerusform>
            <numerusform>%1 %n notes, the first: %2: %3</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Engine</name>
    <message numerus="yes">
        <source>the queue already holds %n call(s) (maxQueueSize)</source>
        <translation>
            <numerusform>the queue already holds %n call (maxQueueSize)</numerusform>
            <numerusform>the queue already holds %n calls (maxQueueSize)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Io</name>
    <message numerus="yes">
        <source>%n request(s) found</source>
        <translation>
            <numerusform>%n request found</numerusform>
            <numerusform>%n requests found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entry(s) skipped</source>
        <translation>
            <numerusform>%n entry skipped</numerusform>
            <numerusform>%n entries skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2 of %n request(s)</source>
        <translation>
            <numerusform>%1 — %2 of %n request</numerusform>
            <numerusform>%1 — %2 of %n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n request(s) will be imported</source>
        <translation>
            <numerusform>%1 of %n request will be imported</numerusform>
            <numerusform>%1 of %n requests will be imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>left out by the filter: %n request(s)</source>
        <translation>
            <numerusform>left out by the filter: %n request</numerusform>
            <numerusform>left out by the filter: %n requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Log</name>
    <message numerus="yes">
        <source>%n item(s), %1</source>
        <translation>
            <numerusform>%n item, %1</numerusform>
            <numerusform>%n items, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Network</name>
    <message numerus="yes">
        <source>%L1 of %Ln call(s)</source>
        <translation>
            <numerusform>%L1 of %Ln call</numerusform>
            <numerusform>%L1 of %Ln calls</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Run</name>
    <message numerus="yes">
        <source>Batch %1: no longer kept (only the newest %n exchange(s) are).</source>
        <translation>
            <numerusform>Batch %1: no longer kept (only the newest exchange is).</numerusform>
            <numerusform>Batch %1: no longer kept (only the newest %n exchanges are).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n HTTP request(s)</source>
        <translation>
            <numerusform>%n HTTP request</numerusform>
            <numerusform>%n HTTP requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n batch(es)</source>
        <translation>
            <numerusform>%n batch</numerusform>
            <numerusform>%n batches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n request(s) saved without their bodies</source>
        <translation>
            <numerusform> · %n request saved without its body</numerusform>
            <numerusform> · %n requests saved without their bodies</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Telemetry</name>
    <message numerus="yes">
        <source>(an earlier change; only the latest %n are kept)</source>
        <translation>
            <numerusform>(an earlier change; only the latest %n is kept)</numerusform>
            <numerusform>(an earlier change; only the latest %n are kept)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Timeline</name>
    <message numerus="yes">
        <source>#%1 · %n item(s) · %2</source>
        <translation>
            <numerusform>#%1 · %n item · %2</numerusform>
            <numerusform>#%1 · %n items · %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Batchlab waterfall · %n call(s)</source>
        <translation>
            <numerusform>Batchlab waterfall · %n call</numerusform>
            <numerusform>Batchlab waterfall · %n calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> in %n HTTP request(s)</source>
        <translation>
            <numerusform> in %n HTTP request</numerusform>
            <numerusform> in %n HTTP requests</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Transport</name>
    <message numerus="yes">
        <source>the answer (HTTP %1) broke off after %n byte(s) of its body: %2</source>
        <translation>
            <numerusform>the answer (HTTP %1) broke off after %n byte of its body: %2</numerusform>
            <numerusform>the answer (HTTP %1) broke off after %n bytes of its body: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the answer (HTTP %1) broke off after %n byte(s) of its body: %L2 were promised</source>
        <translation>
            <numerusform>the answer (HTTP %1) broke off after %n byte of its body: %L2 were promised</numerusform>
            <numerusform>the answer (HTTP %1) broke off after %n bytes of its body: %L2 were promised</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Wire</name>
    <message numerus="yes">
        <source>the batch answer is empty, but %n call(s) expected a response</source>
        <translation>
            <numerusform>the batch answer is empty, but %n call expected a response</numerusform>
            <numerusform>the batch answer is empty, but %n calls expected a response</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>batchlab::Workbench</name>
    <message numerus="yes">
        <source>%1 is failing: %n broken check(s)</source>
        <translation>
            <numerusform>%1 is failing: %n broken check</numerusform>
            <numerusform>%1 is failing: %n broken checks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 failed: %n broken check(s)</source>
        <translation>
            <numerusform>%1 failed: %n broken check</numerusform>
            <numerusform>%1 failed: %n broken checks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closed %n circuit breaker(s); the log shows each.</source>
        <translation>
            <numerusform>Closed %n circuit breaker; the log shows it.</numerusform>
            <numerusform>Closed %n circuit breakers; the log shows each.</numerusform>
        </translation>
    </message>
</context>
</TS>
