//! `coherent.merchants`: argument conversion only; see `coherent::resources::merchants`.

use coherent::resources::merchants;
use napi::bindgen_prelude::*;

use crate::call::{self, ApiPromise};
use crate::js;
use crate::namespace::namespace_class;

namespace_class!(
    MerchantApi,
    "MerchantAPI",
    "Partner-level management of merchants, their accounts, API keys and webhook URL.",
    [
        "Builds a stand-alone client for this namespace, as the official package's classes allow:",
        "`new MerchantAPI(baseUrl, accessToken)`. `coherent.merchants` is the usual way in."
    ]
);

#[napi]
impl MerchantApi {
    /// Lists the partner's merchants (`GET /api/v1/merchant`).
    #[napi(
        ts_args_type = "options?: CallOptions",
        ts_return_type = "Promise<Merchant[]>"
    )]
    pub fn list_merchants<'env>(
        &self,
        env: &'env Env,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        call::spawn(
            env,
            &self.api,
            "merchants.listMerchants",
            Ok(merchants::list_merchants()),
            options,
        )
    }

    /// Lists a merchant's user accounts (`GET /api/v1/merchant/{merchantUuid}/account`).
    #[napi(
        ts_args_type = "merchantUuid: string, options?: CallOptions",
        ts_return_type = "Promise<MerchantAccount[]>"
    )]
    pub fn list_accounts<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built =
            js::id(merchant_uuid, "merchantUuid").and_then(|m| merchants::list_accounts(&m));
        call::spawn(env, &self.api, "merchants.listAccounts", built, options)
    }

    /// Creates an API key for an account. The secret `apiKey` is returned only this once.
    #[napi(
        ts_args_type = "merchantUuid: string, accountUuid: string, options?: CallOptions",
        ts_return_type = "Promise<ApiKeyCreated>"
    )]
    pub fn create_api_key_for_account<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        account_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(merchant_uuid, "merchantUuid").and_then(|m| {
            merchants::create_api_key_for_account(&m, &js::id(account_uuid, "accountUuid")?)
        });
        call::spawn(
            env,
            &self.api,
            "merchants.createApiKeyForAccount",
            built,
            options,
        )
    }

    /// Lists an account's API keys (ids and creation times, never the secrets).
    #[napi(
        ts_args_type = "merchantUuid: string, accountUuid: string, options?: CallOptions",
        ts_return_type = "Promise<ApiKeySummary[]>"
    )]
    pub fn list_api_keys_for_account<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        account_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(merchant_uuid, "merchantUuid").and_then(|m| {
            merchants::list_api_keys_for_account(&m, &js::id(account_uuid, "accountUuid")?)
        });
        call::spawn(
            env,
            &self.api,
            "merchants.listApiKeysForAccount",
            built,
            options,
        )
    }

    /// @deprecated Acts on the merchant's oldest active account only; use
    /// `listAccounts` + `createApiKeyForAccount`.
    #[napi(
        ts_args_type = "merchantUuid: string, options?: CallOptions",
        ts_return_type = "Promise<ApiKeyCreated>"
    )]
    pub fn create_api_key<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built =
            js::id(merchant_uuid, "merchantUuid").and_then(|m| merchants::create_api_key(&m));
        call::spawn(env, &self.api, "merchants.createApiKey", built, options)
    }

    /// @deprecated Acts on the merchant's oldest active account only; use
    /// `listAccounts` + `listApiKeysForAccount`.
    #[napi(
        ts_args_type = "merchantUuid: string, options?: CallOptions",
        ts_return_type = "Promise<ApiKeySummary[]>"
    )]
    pub fn list_api_keys<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built =
            js::id(merchant_uuid, "merchantUuid").and_then(|m| merchants::list_api_keys(&m));
        call::spawn(env, &self.api, "merchants.listApiKeys", built, options)
    }

    /// Reads the merchant's webhook URL (`webhookUrl` is `null` when none is set).
    #[napi(
        ts_args_type = "merchantUuid: string, options?: CallOptions",
        ts_return_type = "Promise<WebhookUrl>"
    )]
    pub fn get_webhook_url<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built =
            js::id(merchant_uuid, "merchantUuid").and_then(|m| merchants::get_webhook_url(&m));
        call::spawn(env, &self.api, "merchants.getWebhookUrl", built, options)
    }

    /// Sets the URL that receives the merchant's transaction status webhooks.
    #[napi(
        ts_args_type = "merchantUuid: string, webhookUrl: string, options?: CallOptions",
        ts_return_type = "Promise<{ uuid: string; webhookUrl: string }>"
    )]
    pub fn update_webhook_url<'env>(
        &self,
        env: &'env Env,
        merchant_uuid: Unknown<'env>,
        webhook_url: Unknown<'env>,
        options: Option<Unknown<'env>>,
    ) -> ApiPromise<'env> {
        let built = js::id(merchant_uuid, "merchantUuid").and_then(|m| {
            merchants::update_webhook_url(&m, js::single_key_body(env, "webhookUrl", webhook_url)?)
        });
        call::spawn(env, &self.api, "merchants.updateWebhookUrl", built, options)
    }
}
