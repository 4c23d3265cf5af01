//! 15. actions.

use crate::support::*;

#[tokio::test]
async fn actions_take_both_payload_styles_and_answer_a_result() {
    let (_sb, api, control) = own(|_| {}).await;
    let open: Vec<String> = control
        .keys("purchaseOrders")
        .into_iter()
        .filter(|k| control.get("purchaseOrders", k).unwrap()["StatusCode"] == "OPEN")
        .take(3)
        .collect();
    // parameters as the body, name in the URL
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/close", open[0])),
            &json!({"closeAction": "close", "closeReason": "Header close reason"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["result"], "SUCCESS");
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders/{}", open[0])))
            .await["StatusCode"],
        "CLOSED"
    );
    // name and parameters in the body, posted to the item
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}", open[1])),
            &json!({"name": "close", "parameters": [{"closeAction": "close_for_receiving"}, {"closeReason": "Header close reason"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders/{}", open[1])))
            .await["StatusCode"],
        "CLOSED FOR RECEIVING"
    );
    // a line action
    let lines = api
        .ok(&api.fscm(&format!("purchaseOrders/{}/child/lines", open[2])))
        .await;
    let line_href = self_href(&items(&lines)[0]);
    let r = api
        .action(
            &format!("{line_href}/action/close"),
            &json!({"closeAction": "FINALLY_CLOSE"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.ok(&line_href).await["StatusCode"], "FINALLY CLOSED");
    // posting to an item without the action media type, an unknown action, a bad parameter
    let r = api
        .post(
            &api.fscm(&format!("purchaseOrders/{}", open[2])),
            &json!({"name": "close"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/explode", open[2])),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/close", open[2])),
            &json!({"closeAction": "sideways"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .action(&api.fscm("purchaseOrders/action/close"), &json!({}))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "no collection-level actions"
    );
    let pdf = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/viewPDF", open[2])),
            &json!({}),
        )
        .await;
    assert!(pdf.json()["result"].as_str().unwrap().starts_with("JVBERi"));
}
