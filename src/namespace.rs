//! What every namespace class (`TransactionAPI`, `CustomerAPI`, ...) is besides its methods:
//! a struct holding the shared [`Api`](crate::call::Api), `from_api` for the `Coherent`
//! getters, and the stand-alone constructor `new XxxAPI(baseUrl, accessToken)` the official
//! package's classes allow. Each namespace file declares its class with this and adds its
//! methods in a `#[napi] impl` of its own.

/// `namespace_class!(TransactionApi, "TransactionAPI", "class doc", ["constructor doc", ...])`,
/// one string per doc line. The literals are taken as single tokens (`tt`), so napi's attribute
/// macro reads them as written and puts them in the generated TypeScript.
macro_rules! namespace_class {
    ($name:ident, $js_name:tt, $doc:tt, [$($constructor_doc:tt),+]) => {
        #[doc = $doc]
        #[napi(js_name = $js_name)]
        pub struct $name {
            api: $crate::call::Api,
        }

        impl $name {
            pub fn from_api(api: $crate::call::Api) -> Self {
                $name { api }
            }
        }

        #[napi]
        impl $name {
            $(#[doc = $constructor_doc])+
            #[napi(constructor, ts_args_type = "baseUrl: string, accessToken: string")]
            pub fn new(env: Env, base_url: Unknown, access_token: Unknown) -> Result<Self> {
                Ok($name {
                    api: $crate::call::Api::standalone(&env, base_url, access_token)?,
                })
            }
        }
    };
}

pub(crate) use namespace_class;
