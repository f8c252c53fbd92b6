// Clauses from a running policy-qa server as LangChain documents, under plain `node`:
//   npm start                          # in one terminal (or any policy-qa server)
//   node examples/langchain-retriever.mjs http://127.0.0.1:3000 "个体工商户能享受哪些税费减免？"
import { RunnableLambda } from '@langchain/core/runnables';
import { PolicyQaRetriever } from 'policy-qa';

const [baseUrl = 'http://127.0.0.1:3000', question = '售电公司注册需要多少资产？'] = process.argv.slice(2);
const retriever = new PolicyQaRetriever({ baseUrl, k: 3 });

// A retriever is a runnable: pipe its documents into the next step of a chain, here a citation list.
const cite = RunnableLambda.from((documents) => documents.map((document, i) => `[${i + 1}] ${document.metadata.docTitle} › ${document.metadata.clause}\n    ${document.pageContent.slice(0, 80)}`));
const lines = await retriever.pipe(cite).invoke(question);
console.log(lines.join('\n'));
