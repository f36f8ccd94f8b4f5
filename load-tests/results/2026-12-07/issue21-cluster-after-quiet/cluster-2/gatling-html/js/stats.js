var stats = {
    type: "GROUP",
name: "All Requests",
path: "",
pathFormatted: "group_missing-name--1146707516",
stats: {
    "name": "All Requests",
    "numberOfRequests": {
        "total": "12485",
        "ok": "12485",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "28569",
        "ok": "28569",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "5119",
        "ok": "5119",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "6870",
        "ok": "6870",
        "ko": "-"
    },
    "percentiles1": {
        "total": "1241",
        "ok": "1241",
        "ko": "-"
    },
    "percentiles2": {
        "total": "10713",
        "ok": "10845",
        "ko": "-"
    },
    "percentiles3": {
        "total": "19545",
        "ok": "19743",
        "ko": "-"
    },
    "percentiles4": {
        "total": "23595",
        "ok": "23982",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 4840,
    "percentage": 38.76651982378855
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 1236,
    "percentage": 9.899879855826994
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 6409,
    "percentage": 51.33360032038446
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "166.47",
        "ok": "166.47",
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
        "total": "4186",
        "ok": "4186",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "0",
        "ok": "0",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "891",
        "ok": "891",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "44",
        "ok": "44",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "92",
        "ok": "92",
        "ko": "-"
    },
    "percentiles1": {
        "total": "11",
        "ok": "11",
        "ko": "-"
    },
    "percentiles2": {
        "total": "22",
        "ok": "22",
        "ko": "-"
    },
    "percentiles3": {
        "total": "266",
        "ok": "266",
        "ko": "-"
    },
    "percentiles4": {
        "total": "431",
        "ok": "431",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 4185,
    "percentage": 99.97611084567606
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 1,
    "percentage": 0.023889154323936932
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
        "total": "55.81",
        "ok": "55.81",
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
        "total": "4184",
        "ok": "4184",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "102",
        "ok": "102",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "3581",
        "ok": "3581",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "1372",
        "ok": "1372",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "612",
        "ok": "612",
        "ko": "-"
    },
    "percentiles1": {
        "total": "1249",
        "ok": "1249",
        "ko": "-"
    },
    "percentiles2": {
        "total": "1770",
        "ok": "1770",
        "ko": "-"
    },
    "percentiles3": {
        "total": "2494",
        "ok": "2494",
        "ko": "-"
    },
    "percentiles4": {
        "total": "3285",
        "ok": "3285",
        "ko": "-"
    },
    "group1": {
    "name": "t < 800 ms",
    "htmlName": "t < 800 ms",
    "count": 655,
    "percentage": 15.654875717017209
},
    "group2": {
    "name": "800 ms <= t < 1200 ms",
    "htmlName": "t >= 800 ms <br> t < 1200 ms",
    "count": 1235,
    "percentage": 29.51720841300191
},
    "group3": {
    "name": "t >= 1200 ms",
    "htmlName": "t >= 1200 ms",
    "count": 2294,
    "percentage": 54.827915869980885
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "55.79",
        "ok": "55.79",
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
        "total": "4115",
        "ok": "4115",
        "ko": "0"
    },
    "minResponseTime": {
        "total": "4131",
        "ok": "4131",
        "ko": "-"
    },
    "maxResponseTime": {
        "total": "28569",
        "ok": "28569",
        "ko": "-"
    },
    "meanResponseTime": {
        "total": "14093",
        "ok": "14093",
        "ko": "-"
    },
    "standardDeviation": {
        "total": "4668",
        "ok": "4668",
        "ko": "-"
    },
    "percentiles1": {
        "total": "13196",
        "ok": "13196",
        "ko": "-"
    },
    "percentiles2": {
        "total": "17086",
        "ok": "17086",
        "ko": "-"
    },
    "percentiles3": {
        "total": "22945",
        "ok": "22945",
        "ko": "-"
    },
    "percentiles4": {
        "total": "26330",
        "ok": "26330",
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
    "count": 4115,
    "percentage": 100.0
},
    "group4": {
    "name": "failed",
    "htmlName": "failed",
    "count": 0,
    "percentage": 0.0
},
    "meanNumberOfRequestsPerSecond": {
        "total": "54.87",
        "ok": "54.87",
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
