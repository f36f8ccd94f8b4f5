var stats = {
    type: "GROUP",
name: "All Requests",
path: "",
pathFormatted: "group_missing-name--1146707516",
stats: {
    "name": "All Requests",
    "numberOfRequests": {
        "total": "18048",
        "ok": "18048",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "20489",
        "ok": "20489",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "3471",
        "ok": "3471",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "4699",
        "ok": "4699",
        "ko": "-"
    },
    "percentiles1": {
        "total": "814",
        "ok": "815",
        "ko": "-"
    },
    "percentiles2": {
        "total": "7248",
        "ok": "7235",
        "ko": "-"
    },
    "percentiles3": {
        "total": "13063",
        "ok": "13297",
        "ko": "-"
    },
    "percentiles4": {
        "total": "16991",
        "ok": "17401",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 9018,
    "percentage": 49.96675531914894
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 1383,
    "percentage": 7.662898936170212
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 7647,
    "percentage": 42.37034574468085
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "250.67",
        "ok": "250.67",
        "ko": "-"
    }
},
contents: {
"req_hold-3208383": {
        type: "REQUEST",
        name: "hold",
path: "hold",
pathFormatted: "req_hold-3208383",
stats: {
    "name": "hold",
    "numberOfRequests": {
        "total": "6019",
        "ok": "6019",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "446",
        "ok": "446",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "11",
        "ok": "11",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "25",
        "ok": "25",
        "ko": "-"
    },
    "percentiles1": {
        "total": "5",
        "ok": "5",
        "ko": "-"
    },
    "percentiles2": {
        "total": "12",
        "ok": "12",
        "ko": "-"
    },
    "percentiles3": {
        "total": "34",
        "ok": "34",
        "ko": "-"
    },
    "percentiles4": {
        "total": "118",
        "ok": "118",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 6019,
    "percentage": 100.0
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 0,
    "percentage": 0.0
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 0,
    "percentage": 0.0
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "83.6",
        "ok": "83.6",
        "ko": "-"
    }
}
    },"req_callback--172220347": {
        type: "REQUEST",
        name: "callback",
path: "callback",
pathFormatted: "req_callback--172220347",
stats: {
    "name": "callback",
    "numberOfRequests": {
        "total": "6019",
        "ok": "6019",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "6",
        "ok": "6",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "2092",
        "ok": "2092",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "885",
        "ok": "885",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "446",
        "ok": "446",
        "ko": "-"
    },
    "percentiles1": {
        "total": "811",
        "ok": "811",
        "ko": "-"
    },
    "percentiles2": {
        "total": "1230",
        "ok": "1230",
        "ko": "-"
    },
    "percentiles3": {
        "total": "1667",
        "ok": "1666",
        "ko": "-"
    },
    "percentiles4": {
        "total": "1972",
        "ok": "1970",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 2999,
    "percentage": 49.82555241734508
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 1383,
    "percentage": 22.977238743977406
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 1637,
    "percentage": 27.197208838677522
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "83.6",
        "ok": "83.6",
        "ko": "-"
    }
}
    },"req_await-reply--143079520": {
        type: "REQUEST",
        name: "await reply",
path: "await reply",
pathFormatted: "req_await-reply--143079520",
stats: {
    "name": "await reply",
    "numberOfRequests": {
        "total": "6010",
        "ok": "6010",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "2129",
        "ok": "2129",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "20489",
        "ok": "20489",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "9525",
        "ok": "9525",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "3283",
        "ok": "3283",
        "ko": "-"
    },
    "percentiles1": {
        "total": "8970",
        "ok": "8970",
        "ko": "-"
    },
    "percentiles2": {
        "total": "10718",
        "ok": "10718",
        "ko": "-"
    },
    "percentiles3": {
        "total": "16575",
        "ok": "16575",
        "ko": "-"
    },
    "percentiles4": {
        "total": "18258",
        "ok": "18258",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 0,
    "percentage": 0.0
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 0,
    "percentage": 0.0
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 6010,
    "percentage": 100.0
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "83.47",
        "ok": "83.47",
        "ko": "-"
    }
}
    }
}

}

function fillStats(stat){
    $("#numberOfRequests").append(stat.numberOfRequests.total);
    $("#numberOfRequestsOK").append(stat.numberOfRequests.ok);
    $("#numberOfRequestsKO").append(stat.numberOfRequests.ko);

    $("#minResponseTime").append(stat.minResponseTime.total);
    $("#minResponseTimeOK").append(stat.minResponseTime.ok);
    $("#minResponseTimeKO").append(stat.minResponseTime.ko);

    $("#maxResponseTime").append(stat.maxResponseTime.total);
    $("#maxResponseTimeOK").append(stat.maxResponseTime.ok);
    $("#maxResponseTimeKO").append(stat.maxResponseTime.ko);

    $("#meanResponseTime").append(stat.meanResponseTime.total);
    $("#meanResponseTimeOK").append(stat.meanResponseTime.ok);
    $("#meanResponseTimeKO").append(stat.meanResponseTime.ko);

    $("#standardDeviation").append(stat.standardDeviation.total);
    $("#standardDeviationOK").append(stat.standardDeviation.ok);
    $("#standardDeviationKO").append(stat.standardDeviation.ko);

    $("#percentiles1").append(stat.percentiles1.total);
    $("#percentiles1OK").append(stat.percentiles1.ok);
    $("#percentiles1KO").append(stat.percentiles1.ko);

    $("#percentiles2").append(stat.percentiles2.total);
    $("#percentiles2OK").append(stat.percentiles2.ok);
    $("#percentiles2KO").append(stat.percentiles2.ko);

    $("#percentiles3").append(stat.percentiles3.total);
    $("#percentiles3OK").append(stat.percentiles3.ok);
    $("#percentiles3KO").append(stat.percentiles3.ko);

    $("#percentiles4").append(stat.percentiles4.total);
    $("#percentiles4OK").append(stat.percentiles4.ok);
    $("#percentiles4KO").append(stat.percentiles4.ko);

    $("#meanNumberOfRequestsPerSecond").append(stat.meanNumberOfRequestsPerSecond.total);
    $("#meanNumberOfRequestsPerSecondOK").append(stat.meanNumberOfRequestsPerSecond.ok);
    $("#meanNumberOfRequestsPerSecondKO").append(stat.meanNumberOfRequestsPerSecond.ko);
}
